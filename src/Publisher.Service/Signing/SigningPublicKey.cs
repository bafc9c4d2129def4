using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Publisher.Service.Signing;

/// <summary>The public half of the publisher's signing key, in the forms clients use.</summary>
/// <param name="KeyId">The RFC 7638 JWK thumbprint (SHA-256, base64url).</param>
/// <param name="Algorithm">Always <c>ES256</c>.</param>
/// <param name="PublicKeyPem">The SubjectPublicKeyInfo as PEM.</param>
/// <param name="Jwk">The key as a JSON Web Key.</param>
public sealed record SigningPublicKey(string KeyId, string Algorithm, string PublicKeyPem, SigningJwk Jwk)
{
    internal static SigningPublicKey From(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var x = Base64Url.EncodeToString(parameters.Q.X);
        var y = Base64Url.EncodeToString(parameters.Q.Y);

        // RFC 7638: the thumbprint hashes the required members in lexicographic order, no whitespace.
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        var keyId = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        return new SigningPublicKey(keyId, "ES256", key.ExportSubjectPublicKeyInfoPem(), new SigningJwk("EC", "P-256", x, y, keyId, "sig", "ES256"));
    }
}
