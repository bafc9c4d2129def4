using System.Text.Json.Serialization;

namespace Publisher.Service.Signing;

/// <summary>An EC public key as a JSON Web Key (RFC 7517/7518).</summary>
/// <param name="Kty">Key type, <c>EC</c>.</param>
/// <param name="Crv">Curve, <c>P-256</c>.</param>
/// <param name="X">The x coordinate, base64url.</param>
/// <param name="Y">The y coordinate, base64url.</param>
/// <param name="Kid">The key id.</param>
/// <param name="Use">Intended use, <c>sig</c>.</param>
/// <param name="Alg">Algorithm, <c>ES256</c>.</param>
public sealed record SigningJwk(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Alg);
