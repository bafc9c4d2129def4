using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Publisher.Service.Security;

/// <summary>
/// The API key format: <c>pub_&lt;id&gt;_&lt;secret&gt;</c>, where the id is 8 random bytes in hex (the
/// lookup key, stored in clear) and the secret 32 random bytes in base64url. Only SHA-256 of the whole key is
/// stored, and compared in constant time.
/// </summary>
internal static class ApiKeySecret
{
    /// <summary>The prefix that makes our keys recognizable (e.g. to secret scanners).</summary>
    public const string Prefix = "pub_";

    /// <summary>The longest key string examined; longer ones are rejected without hashing.</summary>
    public const int MaxKeyLength = 256;

    private const int IdBytes = 8;
    private const int SecretBytes = 32;

    /// <summary>A new random key and its id.</summary>
    public static (string KeyId, string Key) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (keyId, string.Concat(Prefix, keyId, "_", secret));
    }

    /// <summary>The key id embedded in <paramref name="key"/>, or null when the key is not in our format.</summary>
    public static string? TryGetKeyId(string key)
    {
        if (key.Length > MaxKeyLength || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = key.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != IdBytes * 2 || rest.Length == separator + 1)
        {
            return null;
        }

        var id = rest[..separator];
        foreach (var c in id)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return id.ToString();
    }

    /// <summary>SHA-256 of the key's UTF-8 bytes: what is stored and compared.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Compares a presented key with a stored hash in constant time.</summary>
    public static bool Matches(string key, ReadOnlySpan<byte> storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);
}
