namespace Publisher.Torrent.Metainfo;

/// <summary>
/// The info hashes of one torrent: v1 (SHA-1), v2 (SHA-256), or both for a hybrid torrent.
/// </summary>
public readonly struct InfoHashes : IEquatable<InfoHashes>
{
    /// <summary>Creates the pair; at least one must be present.</summary>
    public InfoHashes(InfoHash? v1, InfoHash? v2)
    {
        if (v1 is null && v2 is null)
        {
            throw new ArgumentException("A torrent has a v1 or a v2 info hash (or both).");
        }

        if (v1 is { } h1 && h1.Length != InfoHash.V1Length)
        {
            throw new ArgumentException("A v1 info hash is 20 bytes.", nameof(v1));
        }

        if (v2 is { } h2 && h2.Length != InfoHash.V2Length)
        {
            throw new ArgumentException("A v2 info hash is 32 bytes.", nameof(v2));
        }

        V1 = v1;
        V2 = v2;
    }

    /// <summary>The SHA-1 info hash, when the torrent has v1 metadata.</summary>
    public InfoHash? V1 { get; }

    /// <summary>The full SHA-256 info hash, when the torrent has v2 metadata.</summary>
    public InfoHash? V2 { get; }

    /// <summary>
    /// The 20-byte hash used where one is needed (handshake, tracker, DHT): the v1 hash when present,
    /// else the truncated v2 hash.
    /// </summary>
    public InfoHash Primary => V1 ?? V2!.Value.Truncate();

    /// <summary>
    /// True when a 20-byte <paramref name="wireHash"/> (from a handshake or an announce) names this
    /// torrent: the v1 hash or the truncated v2 hash. A full 32-byte v2 hash is also accepted.
    /// </summary>
    public bool Matches(InfoHash wireHash)
    {
        if (V1 is { } v1 && v1 == wireHash)
        {
            return true;
        }

        return V2 is { } v2 && (v2 == wireHash || v2.Truncate() == wireHash);
    }

    /// <inheritdoc/>
    public bool Equals(InfoHashes other) => Nullable.Equals(V1, other.V1) && Nullable.Equals(V2, other.V2);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is InfoHashes other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(V1, V2);

    /// <inheritdoc/>
    public override string ToString() => V1 is { } v1 && V2 is { } v2 ? $"{v1} + {v2}" : (V1 ?? V2!.Value).ToString();

    /// <summary>Value equality.</summary>
    public static bool operator ==(InfoHashes left, InfoHashes right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(InfoHashes left, InfoHashes right) => !left.Equals(right);
}
