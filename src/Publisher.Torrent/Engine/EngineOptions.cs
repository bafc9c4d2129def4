using System.Net;

namespace Publisher.Torrent.Engine;

/// <summary>Settings of a <see cref="TorrentEngine"/>; validated once by the engine's constructor.</summary>
public sealed record EngineOptions
{
    /// <summary>
    /// Where the engine accepts peer connections (default <c>0.0.0.0:6881</c>, the customary BitTorrent port on every
    /// IPv4 interface). Port 0 picks a free port; read it back from <see cref="TorrentEngine.LocalEndPoint"/>.
    /// </summary>
    public IPEndPoint ListenEndPoint { get; init; } = new(IPAddress.Any, 6881);

    /// <summary>Download limit over all torrents in bytes per second; 0 (the default) is unlimited.</summary>
    public long MaxDownloadBytesPerSecond { get; init; }

    /// <summary>Upload limit over all torrents in bytes per second; 0 (the default) is unlimited.</summary>
    public long MaxUploadBytesPerSecond { get; init; }

    /// <summary>
    /// Open peer connections over all torrents, incoming and outgoing (default
    /// <see cref="ProtocolLimits.DefaultMaxConnectionsPerEngine"/>); at the limit, dialling waits and incoming
    /// handshakes are not answered.
    /// </summary>
    public int MaxConnections { get; init; } = ProtocolLimits.DefaultMaxConnectionsPerEngine;

    /// <summary>Peers unchoked at once per torrent by tit-for-tat or round-robin (default 4), plus one optimistic unchoke.</summary>
    public int UploadSlots { get; init; } = 4;

    /// <summary>How often unchoke decisions are revisited (default 10 s).</summary>
    public TimeSpan ChokeInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the optimistic unchoke moves to another peer while downloading (default 30 s).</summary>
    public TimeSpan OptimisticUnchokeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often verified pieces are written to the resume file while downloading (default 10 s).</summary>
    public TimeSpan ResumeSaveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for every timer of the engine (default the system clock); tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Our 20-byte peer id prefix in Azureus style (default <c>-PB0001-</c>); the rest is random.</summary>
    public string PeerIdPrefix { get; init; } = "-PB0001-";

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ListenEndPoint);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDownloadBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxUploadBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(UploadSlots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ChokeInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OptimisticUnchokeInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ResumeSaveInterval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(PeerIdPrefix);
        if (PeerIdPrefix.Length > 12 || !System.Text.Ascii.IsValid(PeerIdPrefix))
        {
            throw new ArgumentException("The peer id prefix must be at most 12 ASCII characters.", nameof(PeerIdPrefix));
        }
    }
}
