using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Publisher.Torrent;

namespace Publisher.Service.Tracker;

/// <summary>
/// Issues and checks download tokens for entitled swarms. A token is URL-safe base64 of
/// <c>version(1) | expiry unix seconds(8) | info hash(20) | token id(8) | user id length(1) | user id UTF-8 | HMAC-SHA256(16)</c>,
/// so the tracker verifies it without any lookup. A publisher's licence server calls <see cref="Issue(string, TrackerInfoHash, TimeSpan)"/> and hands
/// the client an announce URL such as <c>https://host/announce/{token}</c> (or <c>?token=</c>, or UDP URLData).
/// </summary>
public sealed class DownloadTokenService
{
    private const byte Version = 1;
    private const int MacLength = 16;
    private const int HeaderLength = 1 + 8 + TrackerInfoHash.Length + 8 + 1;
    private const int MaxBytes = HeaderLength + ProtocolLimits.TrackerServerTokenMaxUserIdBytes + MacLength;

    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the service with a signing key of at least 32 bytes.</summary>
    public DownloadTokenService(ReadOnlySpan<byte> signingKey, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (signingKey.Length < 32)
        {
            throw new ArgumentException("A token signing key must be at least 32 bytes.", nameof(signingKey));
        }

        _key = signingKey.ToArray();
        _timeProvider = timeProvider;
    }

    /// <summary>True when <paramref name="base64Key"/> is base64 of at least 32 bytes.</summary>
    public static bool IsUsableKey(string base64Key)
    {
        ArgumentNullException.ThrowIfNull(base64Key);
        var buffer = new byte[base64Key.Length];
        return Convert.TryFromBase64String(base64Key, buffer, out var written) && written >= 32;
    }

    /// <summary>Issues a token letting <paramref name="userId"/> announce <paramref name="infoHash"/> for <paramref name="lifetime"/>.</summary>
    /// <exception cref="ArgumentException">The user id is empty or longer than 64 UTF-8 bytes, or the lifetime is not positive.</exception>
    public string Issue(string userId, TrackerInfoHash infoHash, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var userLength = Encoding.UTF8.GetByteCount(userId);
        if (userLength > ProtocolLimits.TrackerServerTokenMaxUserIdBytes)
        {
            throw new ArgumentException($"A user id is at most {ProtocolLimits.TrackerServerTokenMaxUserIdBytes} UTF-8 bytes.", nameof(userId));
        }

        Span<byte> token = stackalloc byte[MaxBytes];
        var expires = _timeProvider.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        token[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(token[1..], expires);
        infoHash.CopyTo(token[9..]);
        RandomNumberGenerator.Fill(token.Slice(9 + TrackerInfoHash.Length, 8));
        token[HeaderLength - 1] = (byte)userLength;
        Encoding.UTF8.GetBytes(userId, token[HeaderLength..]);
        var signed = HeaderLength + userLength;
        Sign(token[..signed], token.Slice(signed, MacLength));
        return Base64Url.EncodeToString(token[..(signed + MacLength)]);
    }

    /// <summary>Issues a token for an engine <see cref="Publisher.Torrent.Metainfo.InfoHash"/> (a v2 hash is truncated as trackers see it).</summary>
    public string Issue(string userId, Publisher.Torrent.Metainfo.InfoHash infoHash, TimeSpan lifetime)
        => Issue(userId, TrackerInfoHash.FromInfoHash(infoHash), lifetime);

    /// <summary>
    /// Checks the signature, expiry and info hash of <paramref name="token"/> (revocation is checked by the caller
    /// through <see cref="IDownloadTokenRevocationList"/>). <paramref name="claims"/> is set when the signature is genuine.
    /// </summary>
    public DownloadTokenStatus Validate(ReadOnlySpan<char> token, TrackerInfoHash infoHash, out DownloadTokenClaims? claims)
    {
        claims = null;
        if (token.Length == 0 || token.Length > ProtocolLimits.TrackerServerTokenMaxChars)
        {
            return DownloadTokenStatus.Invalid;
        }

        Span<byte> bytes = stackalloc byte[MaxBytes + 3];
        if (Base64Url.DecodeFromChars(token, bytes, out var consumed, out var length) != System.Buffers.OperationStatus.Done
            || consumed != token.Length || length < HeaderLength + MacLength || bytes[0] != Version)
        {
            return DownloadTokenStatus.Invalid;
        }

        var userLength = bytes[HeaderLength - 1];
        if (userLength == 0 || userLength > ProtocolLimits.TrackerServerTokenMaxUserIdBytes || length != HeaderLength + userLength + MacLength)
        {
            return DownloadTokenStatus.Invalid;
        }

        var signed = HeaderLength + userLength;
        Span<byte> expected = stackalloc byte[MacLength];
        Sign(bytes[..signed], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.Slice(signed, MacLength)))
        {
            return DownloadTokenStatus.Invalid;
        }

        var expires = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var tokenHash = TrackerInfoHash.FromBytes(bytes.Slice(9, TrackerInfoHash.Length));
        string userId;
        try
        {
            userId = new UTF8Encoding(false, true).GetString(bytes.Slice(HeaderLength, userLength));
        }
        catch (DecoderFallbackException)
        {
            return DownloadTokenStatus.Invalid;
        }

        if (expires is < 0 or > 253402300799)
        {
            return DownloadTokenStatus.Invalid;
        }

        claims = new DownloadTokenClaims(
            Convert.ToHexStringLower(bytes.Slice(9 + TrackerInfoHash.Length, 8)),
            userId,
            tokenHash,
            DateTimeOffset.FromUnixTimeSeconds(expires));
        if (tokenHash != infoHash)
        {
            return DownloadTokenStatus.WrongTorrent;
        }

        return _timeProvider.GetUtcNow().ToUnixTimeSeconds() >= expires ? DownloadTokenStatus.Expired : DownloadTokenStatus.Valid;
    }

    private void Sign(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, data, full);
        full[..MacLength].CopyTo(mac);
    }
}
