using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Tracker;

/// <summary>
/// What HTTP and UDP announces share once parsed: the access decision (registry, token, revocation), numwant and
/// interval policy, the swarm store and the pooled peer buffers.
/// </summary>
internal sealed class TrackerCore
{
    private readonly ITorrentRegistry _registry;
    private readonly DownloadTokenService _tokens;
    private readonly IDownloadTokenRevocationList _revocations;
    private readonly int _intervalSeconds;
    private readonly int _jitterSeconds;

    public TrackerCore(
        ISwarmStore store,
        ITorrentRegistry registry,
        DownloadTokenService tokens,
        IDownloadTokenRevocationList revocations,
        IOptions<TrackerOptions> options,
        TrackerMetrics metrics)
    {
        Store = store;
        _registry = registry;
        _tokens = tokens;
        _revocations = revocations;
        Options = options.Value;
        Metrics = metrics;
        Selections = PeerSelection.CreatePool(Options.NumWantMax);
        _intervalSeconds = (int)Options.Interval.TotalSeconds;
        _jitterSeconds = (int)Options.IntervalJitter.TotalSeconds;
        MinIntervalSeconds = (int)Options.MinInterval.TotalSeconds;
    }

    public ISwarmStore Store { get; }

    public TrackerOptions Options { get; }

    /// <summary>The failure a client is told when the swarm store refused an announce.</summary>
    public static TrackerFailure ToFailure(AnnounceStatus status) => status switch
    {
        AnnounceStatus.SwarmLimitReached => TrackerFailure.SwarmLimitReached,
        AnnounceStatus.StoreUnavailable => TrackerFailure.StoreUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only refusals map to a failure."),
    };

    public TrackerMetrics Metrics { get; }

    public ObjectPool<PeerSelection> Selections { get; }

    public int MinIntervalSeconds { get; }

    /// <summary>The interval for one answer: the configured interval plus a random share of the jitter.</summary>
    public int NextIntervalSeconds() => _jitterSeconds == 0 ? _intervalSeconds : _intervalSeconds + Random.Shared.Next(_jitterSeconds + 1);

    /// <summary>Peers to return for a requested numwant (negative: not given).</summary>
    public int NumWant(int requested) => requested < 0 ? Options.NumWantDefault : Math.Min(requested, Options.NumWantMax);

    /// <summary>Decides whether an announce for <paramref name="infoHash"/> with <paramref name="token"/> (empty: none) may proceed.</summary>
    public async ValueTask<AccessDecision> CheckAnnounceAsync(TrackerInfoHash infoHash, ReadOnlyMemory<char> token, CancellationToken cancellationToken)
    {
        var registration = await _registry.FindAsync(infoHash, cancellationToken);
        var mode = registration.AccessOverride ?? Options.Access;
        if (mode == TrackerAccessMode.Open)
        {
            return AccessDecision.Allowed;
        }

        if (!registration.IsPublished)
        {
            return AccessDecision.NotRegistered;
        }

        if (mode == TrackerAccessMode.Registered)
        {
            return AccessDecision.Allowed;
        }

        if (token.IsEmpty)
        {
            return AccessDecision.TokenMissing;
        }

        var status = _tokens.Validate(token.Span, infoHash, out var claims);
        if (status == DownloadTokenStatus.Valid && await _revocations.IsRevokedAsync(claims!, cancellationToken))
        {
            status = DownloadTokenStatus.Revoked;
        }

        return status switch
        {
            DownloadTokenStatus.Valid => AccessDecision.Allowed,
            DownloadTokenStatus.Expired => AccessDecision.TokenExpired,
            DownloadTokenStatus.WrongTorrent => AccessDecision.TokenWrongTorrent,
            DownloadTokenStatus.Revoked => AccessDecision.TokenRevoked,
            _ => AccessDecision.TokenInvalid,
        };
    }

    /// <summary>Scrape answers only for torrents the tracker would track (any in open mode, published ones otherwise).</summary>
    public async ValueTask<SwarmStatistics?> ScrapeAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken)
    {
        var registration = await _registry.FindAsync(infoHash, cancellationToken);
        var mode = registration.AccessOverride ?? Options.Access;
        if (mode != TrackerAccessMode.Open && !registration.IsPublished)
        {
            return null;
        }

        return await Store.GetSwarmAsync(infoHash, cancellationToken);
    }
}
