using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>Accepts exactly one token for one info hash.</summary>
internal sealed class TestTokenValidator(string token, string infoHashHex) : IWebSeedTokenValidator
{
    public ValueTask<bool> IsValidAsync(string candidate, ReadOnlyMemory<byte> infoHash, CancellationToken cancellationToken) =>
        ValueTask.FromResult(candidate == token && Convert.ToHexStringLower(infoHash.Span) == infoHashHex);
}
