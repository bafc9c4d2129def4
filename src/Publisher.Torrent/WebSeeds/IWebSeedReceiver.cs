namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Watches the bytes of one <see cref="WebSeedSource"/> fetch land in the caller's buffer, in order, so work on them
/// (hashing, writing verified pieces) is done while they are still in the CPU's cache. An attempt that is retried
/// starts again at its segment's first byte: <see cref="Restart"/> says so before any byte is rewritten.
/// </summary>
internal interface IWebSeedReceiver
{
    /// <summary>Bytes from <paramref name="position"/> on (a buffer offset) are about to be written again.</summary>
    void Restart(int position);

    /// <summary>Bytes <paramref name="start"/> to <paramref name="end"/> (exclusive buffer offsets) now hold data.</summary>
    ValueTask FilledAsync(int start, int end, CancellationToken cancellationToken);
}
