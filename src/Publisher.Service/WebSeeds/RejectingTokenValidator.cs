namespace Publisher.Service.WebSeeds;

/// <summary>The validator used when no token issuer is registered: entitled releases stay closed rather than open.</summary>
internal sealed class RejectingTokenValidator : IWebSeedTokenValidator
{
    public ValueTask<bool> IsValidAsync(string token, ReadOnlyMemory<byte> infoHash, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
