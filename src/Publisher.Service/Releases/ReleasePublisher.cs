using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service.Catalog;
using Publisher.Service.Metrics;
using Publisher.Storage;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Releases;

/// <summary>
/// Registers releases: validates names, version and torrent (the metainfo parser rejects malformed and unsafe
/// torrents, traversal paths included), writes the service's tracker and web seed into the torrent (outside
/// the info dictionary, so the info hashes do not change) and publishes it in one catalogue transaction.
/// </summary>
internal sealed partial class ReleasePublisher
{
    private readonly ICatalogRepository _catalog;
    private readonly ReleaseIndex _index;
    private readonly PublisherMetrics _metrics;
    private readonly IOptions<PublisherOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReleasePublisher> _logger;
    private readonly IBlobStore _store;

    public ReleasePublisher(
        ICatalogRepository catalog, ReleaseIndex index, PublisherMetrics metrics, IOptions<PublisherOptions> options, TimeProvider time, ILogger<ReleasePublisher> logger, IBlobStore store)
    {
        _store = store;
        _metrics = metrics;
        _catalog = catalog;
        _index = index;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, Uri baseUrl, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count != 0)
        {
            Log.ReleaseRejected(_logger, request.Product ?? "(none)", request.Version ?? "(none)", string.Join("; ", errors.SelectMany(e => e.Value)));
            return new PublishResult(PublishStatus.Invalid, null, errors);
        }

        TorrentInfo torrent;
        try
        {
            torrent = TorrentInfo.Parse(request.Torrent);
        }
        catch (InvalidTorrentException exception)
        {
            Log.ReleaseRejected(_logger, request.Product!, request.Version!, exception.Message);
            return PublishResult.Invalid("torrent", exception.Message);
        }

        var hashes = torrent.InfoHashes;
        var trackerHash = hashes.Primary.ToHex();
        var announce = ServiceUrls.Announce(baseUrl).AbsoluteUri;
        var webSeed = ServiceUrls.WebSeed(baseUrl, trackerHash).AbsoluteUri;
        var trackers = new List<IReadOnlyList<string>> { new[] { announce } };
        foreach (var tier in torrent.Metadata.Trackers)
        {
            var kept = tier.Where(url => url != announce).ToArray();
            if (kept.Length != 0)
            {
                trackers.Add(kept);
            }
        }

        var webSeeds = new List<string> { webSeed };
        webSeeds.AddRange(torrent.Metadata.WebSeeds.Where(url => url != webSeed));
        var published = torrent.WithMetadata(torrent.Metadata with { Trackers = trackers, WebSeeds = webSeeds });

        var files = new List<ReleaseFile>(torrent.Files.Count);
        foreach (var file in torrent.Files)
        {
            if (!file.IsPadFile)
            {
                files.Add(new ReleaseFile(file.PathString, file.Length));
            }
        }

        List<string>? promoted = null;
        if (request.UploadId is { } uploadId)
        {
            promoted = [];
            if (await PromoteStagedAsync(request, uploadId, torrent, promoted, cancellationToken) is { } refused)
            {
                return refused;
            }
        }

        var result = await _catalog.CreateReleaseAsync(new NewRelease(
            request.Product!, request.Channel ?? ReleaseNames.DefaultChannel, request.Version!, request.Notes ?? string.Empty,
            torrent.Name, hashes.V1?.ToHex(), hashes.V2?.ToHex(), torrent.PayloadSize, torrent.PieceLength, request.Access,
            _time.GetUtcNow(), published.ToBytes(), files), cancellationToken);

        switch (result.Status)
        {
            case CreateReleaseStatus.Created:
                var release = result.Release!;
                Log.ReleasePublished(_logger, release.Id, release.Product, release.Version, release.Channel, trackerHash);
                _index.Add(release);
                _metrics.ReleasePublished();
                return new PublishResult(PublishStatus.Created, release, null);
            case CreateReleaseStatus.DuplicateVersion:
                await RemovePromotedAsync(promoted, hashes.Primary.ToArray());
                Log.ReleaseRejected(_logger, request.Product!, request.Version!, "the version already exists");
                return new PublishResult(PublishStatus.DuplicateVersion, null, null);
            default:
                Log.ReleaseRejected(_logger, request.Product!, request.Version!, "another release has this torrent");
                return new PublishResult(PublishStatus.DuplicateTorrent, null, null);
        }
    }

    /// <summary>The field errors of <paramref name="request"/> (names, version, notes, torrent presence); empty when valid.</summary>
    public Dictionary<string, string[]> Validate(PublishRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ReleaseNames.IsValidProduct(request.Product))
        {
            errors["product"] = [$"product must be 1-{ReleaseNames.MaxProductLength} of a-z, 0-9, '.', '_', '-', starting with a letter or digit."];
        }

        if (request.Channel is not null && !ReleaseNames.IsValidChannel(request.Channel))
        {
            errors["channel"] = [$"channel must be 1-{ReleaseNames.MaxChannelLength} of a-z, 0-9, '.', '_', '-', starting with a letter or digit."];
        }

        if (!SemanticVersion.TryParse(request.Version, out _))
        {
            errors["version"] = ["version must be a semantic version (https://semver.org), e.g. 1.4.0 or 2.0.0-beta.1."];
        }

        if (request.Notes is { } notes && notes.Length > _options.Value.Releases.MaxNotesLength)
        {
            errors["notes"] = [$"notes must be at most {_options.Value.Releases.MaxNotesLength} characters."];
        }

        if (request.Torrent.IsEmpty)
        {
            errors["torrent"] = ["A .torrent file is required (multipart field 'torrent')."];
        }

        return errors;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.ReleasePublished, Level = LogLevel.Information,
            Message = "Release {Id} published: {Product} {Version} on {Channel} (info hash {InfoHash})")]
        public static partial void ReleasePublished(ILogger logger, long id, string product, string version, string channel, string infoHash);

        [LoggerMessage(EventId = ServiceEventIds.ReleaseRejected, Level = LogLevel.Information,
            Message = "Release {Product} {Version} rejected: {Reason}")]
        public static partial void ReleaseRejected(ILogger logger, string product, string version, string reason);
    }
}
