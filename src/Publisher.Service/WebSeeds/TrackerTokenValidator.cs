using Publisher.Service.Tracker;

namespace Publisher.Service.WebSeeds;

/// <summary>
/// Accepts the tracker's download tokens (<see cref="DownloadTokenService"/>): the same token that opens an entitled
/// swarm at <c>/announce/{token}</c> opens its web seed at <c>/seed/{hash}.{token}/</c> or with <c>?token=</c>.
/// Revocations come from the tracker's <see cref="IDownloadTokenRevocationList"/>.
/// </summary>
internal sealed class TrackerTokenValidator : IWebSeedTokenValidator
{
    private readonly DownloadTokenService _tokens;
    private readonly IDownloadTokenRevocationList _revocations;

    public TrackerTokenValidator(DownloadTokenService tokens, IDownloadTokenRevocationList revocations)
    {
        _tokens = tokens;
        _revocations = revocations;
    }

    public async ValueTask<bool> IsValidAsync(string token, ReadOnlyMemory<byte> infoHash, CancellationToken cancellationToken)
    {
        if (infoHash.Length != TrackerInfoHash.Length)
        {
            return false;
        }

        var status = _tokens.Validate(token, TrackerInfoHash.FromBytes(infoHash.Span), out var claims);
        return status == DownloadTokenStatus.Valid && !await _revocations.IsRevokedAsync(claims!, cancellationToken);
    }
}
