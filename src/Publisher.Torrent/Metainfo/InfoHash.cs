using System.Security.Cryptography;

namespace Publisher.Torrent.Metainfo;

/// <summary>
/// An info hash: the SHA-1 of a v1 info dictionary (20 bytes), the SHA-256 of a v2 one (32 bytes), or the
/// 20-byte truncation of a v2 hash used in handshakes, trackers and the DHT. Compared by value.
/// </summary>
public readonly struct InfoHash : IEquatable<InfoHash>
{
    /// <summary>Length of a v1 (SHA-1) hash and of a truncated v2 hash.</summary>
    public const int V1Length = 20;

    /// <summary>Length of a full v2 (SHA-256) hash.</summary>
    public const int V2Length = 32;

    private readonly byte[]? _bytes;

    /// <summary>Creates an info hash from 20 or 32 bytes (copied).</summary>
    /// <exception cref="ArgumentException">The length is neither 20 nor 32.</exception>
    public InfoHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is not (V1Length or V2Length))
        {
            throw new ArgumentException($"An info hash is 20 or 32 bytes, not {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>Number of bytes: 20 or 32 (0 for <c>default</c>).</summary>
    public int Length => _bytes?.Length ?? 0;

    /// <summary>True for a full 32-byte SHA-256 (v2) hash.</summary>
    public bool IsV2 => Length == V2Length;

    /// <summary>True for <c>default(InfoHash)</c>, which holds no bytes.</summary>
    public bool IsEmpty => _bytes is null;

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>A copy of the bytes.</summary>
    public byte[] ToArray() => _bytes is null ? [] : (byte[])_bytes.Clone();

    /// <summary>The 20-byte form used on the wire: a v1 hash itself, or the first 20 bytes of a v2 hash.</summary>
    public InfoHash Truncate() => Length == V2Length ? new InfoHash(_bytes.AsSpan(0, V1Length)) : this;

    /// <summary>The SHA-1 (v1) info hash of the exact bencoded info dictionary.</summary>
    public static InfoHash ComputeV1(ReadOnlySpan<byte> infoBytes)
    {
        Span<byte> hash = stackalloc byte[V1Length];
        SHA1.HashData(infoBytes, hash);
        return new InfoHash(hash);
    }

    /// <summary>The SHA-256 (v2) info hash of the exact bencoded info dictionary.</summary>
    public static InfoHash ComputeV2(ReadOnlySpan<byte> infoBytes)
    {
        Span<byte> hash = stackalloc byte[V2Length];
        SHA256.HashData(infoBytes, hash);
        return new InfoHash(hash);
    }

    /// <summary>Parses 40 or 64 hexadecimal digits (either case).</summary>
    /// <exception cref="FormatException">Not 40 or 64 hex digits.</exception>
    public static InfoHash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return TryParse(hex, out var hash) ? hash : throw new FormatException($"'{hex}' is not an info hash: expected 40 or 64 hexadecimal digits.");
    }

    /// <summary>Parses 40 or 64 hexadecimal digits (either case).</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out InfoHash hash)
    {
        hash = default;
        if (hex.Length is not (V1Length * 2 or V2Length * 2))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[hex.Length / 2];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
        {
            return false;
        }

        hash = new InfoHash(bytes);
        return true;
    }

    /// <summary>Lower-case hexadecimal.</summary>
    public string ToHex() => _bytes is null ? string.Empty : Convert.ToHexStringLower(_bytes);

    /// <summary>Lower-case hexadecimal.</summary>
    public override string ToString() => ToHex();

    /// <inheritdoc/>
    public bool Equals(InfoHash other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is InfoHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, 0);

    /// <summary>Value equality.</summary>
    public static bool operator ==(InfoHash left, InfoHash right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(InfoHash left, InfoHash right) => !left.Equals(right);
}
