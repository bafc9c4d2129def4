using System.Security.Cryptography;

namespace Publisher.Torrent.Trackers;

/// <summary>What a <see cref="TrackerSession"/> announces for one torrent, and its timing.</summary>
public sealed record TrackerSessionOptions
{
    /// <summary>The torrent's 20-byte info hash.</summary>
    public required ReadOnlyMemory<byte> InfoHash { get; init; }

    /// <summary>This client's 20-byte peer id.</summary>
    public required ReadOnlyMemory<byte> PeerId { get; init; }

    /// <summary>The TCP port this client listens on.</summary>
    public required int Port { get; init; }

    /// <summary>The announce <c>key</c>; random by default, the same for the whole session.</summary>
    public uint Key { get; init; } = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));

    /// <summary>Peers asked for per announce (default 50).</summary>
    public int NumWant { get; init; } = 50;

    /// <summary>The clock (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The wait after a tracker's first failure; doubled per further failure (default 1 minute).</summary>
    public TimeSpan FailureBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait after failures (default 1 hour).</summary>
    public TimeSpan MaxFailureBackoff { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long one tracker may take to answer before the session records a timeout and tries the next one
    /// (default 2 minutes: three UDP transmissions on the BEP 15 schedule). Without it one silent UDP tracker would
    /// hold the whole session for its full retry schedule (over two hours).
    /// </summary>
    public TimeSpan AnnounceTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Seeds the once-per-tier shuffle (BEP 12); null shuffles randomly.</summary>
    public int? ShuffleSeed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        new AnnounceRequest { InfoHash = InfoHash, PeerId = PeerId, Port = Port, NumWant = NumWant }.Validate();
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (FailureBackoff <= TimeSpan.Zero || MaxFailureBackoff < FailureBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(FailureBackoff), FailureBackoff, "FailureBackoff must be positive and at most MaxFailureBackoff.");
        }

        if (AnnounceTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AnnounceTimeout), AnnounceTimeout, "Must be positive.");
        }
    }
}
