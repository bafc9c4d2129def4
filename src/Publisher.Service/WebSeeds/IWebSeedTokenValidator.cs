namespace Publisher.Service.WebSeeds;

/// <summary>Decides whether a download token opens an entitled release's web seed.</summary>
internal interface IWebSeedTokenValidator
{
    /// <summary>True when <paramref name="token"/> is genuine, unexpired, unrevoked and issued for <paramref name="infoHash"/> (20 bytes).</summary>
    ValueTask<bool> IsValidAsync(string token, ReadOnlyMemory<byte> infoHash, CancellationToken cancellationToken);
}
