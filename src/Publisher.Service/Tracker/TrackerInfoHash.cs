using System.Buffers.Binary;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Tracker;

/// <summary>
/// The 20-byte info hash a tracker sees (a v1 SHA-1, or a v2 SHA-256 truncated to 20 bytes as BEP 52 announces it).
/// A value type so it can key the swarm store without allocating. Ordered by its bytes.
/// </summary>
public readonly struct TrackerInfoHash : IEquatable<TrackerInfoHash>, IComparable<TrackerInfoHash>
{
    /// <summary>The length of an info hash in bytes.</summary>
    public const int Length = 20;

    private readonly ulong _first;
    private readonly ulong _second;
    private readonly uint _third;

    private TrackerInfoHash(ulong first, ulong second, uint third)
    {
        _first = first;
        _second = second;
        _third = third;
    }

    /// <summary>Reads an info hash from exactly <see cref="Length"/> bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 20 bytes long.</exception>
    public static TrackerInfoHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"An info hash is {Length} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new TrackerInfoHash(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]));
    }

    /// <summary>The tracker form of an engine <see cref="InfoHash"/>: a v1 hash itself, a v2 hash truncated to 20 bytes (BEP 52).</summary>
    /// <exception cref="ArgumentException"><paramref name="infoHash"/> is empty.</exception>
    public static TrackerInfoHash FromInfoHash(InfoHash infoHash)
    {
        if (infoHash.IsEmpty)
        {
            throw new ArgumentException("The info hash is empty.", nameof(infoHash));
        }

        return FromBytes(infoHash.AsSpan()[..Length]);
    }

    /// <summary>The 20 bytes as an engine <see cref="InfoHash"/>.</summary>
    public InfoHash ToInfoHash()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return new InfoHash(bytes);
    }

    /// <summary>Parses 40 hexadecimal digits (either case).</summary>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out TrackerInfoHash infoHash)
    {
        Span<byte> bytes = stackalloc byte[Length];
        if (hex.Length != Length * 2 || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            infoHash = default;
            return false;
        }

        infoHash = FromBytes(bytes);
        return true;
    }

    /// <summary>Writes the 20 bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _first);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _second);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..Length], _third);
    }

    /// <summary>The 40 lowercase hexadecimal digits.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc/>
    public override string ToString() => ToHex();

    /// <inheritdoc/>
    public bool Equals(TrackerInfoHash other) => _first == other._first && _second == other._second && _third == other._third;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TrackerInfoHash other && Equals(other);

    /// <summary>A per-process randomised hash, so chosen info hashes cannot collide on purpose.</summary>
    public override int GetHashCode() => HashCode.Combine(_first, _second, _third);

    /// <inheritdoc/>
    public int CompareTo(TrackerInfoHash other)
    {
        var result = _first.CompareTo(other._first);
        if (result == 0)
        {
            result = _second.CompareTo(other._second);
        }

        return result != 0 ? result : _third.CompareTo(other._third);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(TrackerInfoHash left, TrackerInfoHash right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TrackerInfoHash left, TrackerInfoHash right) => !left.Equals(right);

    /// <summary>Byte order.</summary>
    public static bool operator <(TrackerInfoHash left, TrackerInfoHash right) => left.CompareTo(right) < 0;

    /// <summary>Byte order.</summary>
    public static bool operator >(TrackerInfoHash left, TrackerInfoHash right) => left.CompareTo(right) > 0;

    /// <summary>Byte order.</summary>
    public static bool operator <=(TrackerInfoHash left, TrackerInfoHash right) => left.CompareTo(right) <= 0;

    /// <summary>Byte order.</summary>
    public static bool operator >=(TrackerInfoHash left, TrackerInfoHash right) => left.CompareTo(right) >= 0;
}
