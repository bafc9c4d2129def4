using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// What <see cref="WebSeedOffloader"/> needs from the engine's torrent session: its picker's claims, a snapshot for the
/// offload policy, and a way to hand over a piece fetched from a web seed.
/// </summary>
internal interface IWebSeedHost
{
    /// <summary>The picker (whole-piece claims for non-peer sources).</summary>
    IPieceClaims Claims { get; }

    /// <summary>The download's state for the offload policy (peers, pieces no peer has, bytes by source).</summary>
    OffloadSnapshot Snapshot();

    /// <summary>
    /// Takes piece <paramref name="piece"/>, already verified against the torrent's hashes, claimed by
    /// <paramref name="owner"/> (the <see cref="WebSeedOffloader"/>): the host reports its blocks to the picker with that
    /// owner, writes it, and counts <c>data.Length</c> as web seed bytes. <paramref name="data"/> is only valid during the call.
    /// </summary>
    ValueTask DeliverAsync(int piece, ReadOnlyMemory<byte> data, object owner, CancellationToken cancellationToken);
}
