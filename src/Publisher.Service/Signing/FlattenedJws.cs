namespace Publisher.Service.Signing;

/// <summary>A JWS in flattened JSON serialization: verify ES256 over <c>Protected + "." + Payload</c> (both as sent).</summary>
/// <param name="Protected">The base64url protected header.</param>
/// <param name="Payload">The base64url payload (the signed document's exact bytes).</param>
/// <param name="Signature">The base64url signature (r||s).</param>
public sealed record FlattenedJws(string Protected, string Payload, string Signature);
