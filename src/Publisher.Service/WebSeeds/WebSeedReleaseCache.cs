using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Publisher.Service.Catalog;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.WebSeeds;

/// <summary>
/// Releases the web seed has served recently, by tracker info hash: their file lists come from the stored .torrent
/// (the authority on BEP 19 paths and pad files), at most <see cref="WebSeedOptions.MaxCachedReleases"/> of them,
/// each trusted for <see cref="WebSeedOptions.ReleaseCacheLifetime"/>. Unknown hashes are answered from the in-memory
/// <see cref="ReleaseIndex"/> without touching the catalogue, so junk requests cost no database work.
/// </summary>
internal sealed partial class WebSeedReleaseCache
{
    private readonly ConcurrentDictionary<string, WebSeedRelease> _entries = new(StringComparer.Ordinal);
    private readonly ReleaseIndex _index;
    private readonly ICatalogRepository _catalog;
    private readonly IOptions<WebSeedOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebSeedReleaseCache> _logger;
    private readonly Lock _evictionGate = new();

    public WebSeedReleaseCache(ReleaseIndex index, ICatalogRepository catalog, IOptions<WebSeedOptions> options, TimeProvider time, ILogger<WebSeedReleaseCache> logger)
    {
        _index = index;
        _catalog = catalog;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many releases are cached.</summary>
    public int Count => _entries.Count;

    /// <summary>The release published under <paramref name="infoHash"/>, or null when there is none.</summary>
    public async ValueTask<WebSeedRelease?> FindAsync(byte[] infoHash, string infoHashHex, CancellationToken cancellationToken)
    {
        if (!_index.TryFind(infoHash, out var indexed))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(infoHashHex, out var cached) && cached.Record.Id == indexed.ReleaseId
            && now - cached.LoadedAt < _options.Value.ReleaseCacheLifetime)
        {
            return cached;
        }

        var loaded = await LoadAsync(indexed.ReleaseId, infoHashHex, now, cancellationToken);
        if (loaded is null)
        {
            _entries.TryRemove(infoHashHex, out _);
            return null;
        }

        Store(infoHashHex, loaded);
        return loaded;
    }

    private async Task<WebSeedRelease?> LoadAsync(long releaseId, string infoHashHex, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = await _catalog.GetReleaseAsync(releaseId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var bytes = await _catalog.GetTorrentAsync(releaseId, cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        TorrentInfo torrent;
        try
        {
            torrent = TorrentInfo.Parse(bytes);
        }
        catch (InvalidTorrentException exception)
        {
            Log.StoredTorrentUnreadable(_logger, releaseId, exception);
            return null;
        }

        var files = new Dictionary<string, WebSeedFile>(torrent.Files.Count, StringComparer.Ordinal);
        var hasPadFiles = false;
        foreach (var file in torrent.Files)
        {
            if (file.IsPadFile)
            {
                hasPadFiles = true;
                files[file.PathString] = new WebSeedFile(string.Empty, file.Length, isPad: true);
            }
            else if (!file.IsSymlink)
            {
                files[file.PathString] = new WebSeedFile(ReleaseBlobKeys.ForFile(infoHashHex, file.PathString), file.Length, isPad: false);
            }
        }

        Log.ReleaseLoaded(_logger, releaseId, infoHashHex, files.Count);
        return new WebSeedRelease(record, torrent.Name, torrent.IsSingleFile, torrent.PieceLength, hasPadFiles, files, now);
    }

    private void Store(string key, WebSeedRelease release)
    {
        _entries[key] = release;
        var max = _options.Value.MaxCachedReleases;
        if (_entries.Count <= max)
        {
            return;
        }

        // Over the bound only after a miss: drop the entries loaded longest ago (O(n) with n bounded by the option).
        lock (_evictionGate)
        {
            while (_entries.Count > max)
            {
                string? oldestKey = null;
                var oldest = DateTimeOffset.MaxValue;
                foreach (var (candidateKey, candidate) in _entries)
                {
                    if (candidate.LoadedAt < oldest && !ReferenceEquals(candidate, release))
                    {
                        oldest = candidate.LoadedAt;
                        oldestKey = candidateKey;
                    }
                }

                if (oldestKey is null || !_entries.TryRemove(oldestKey, out _))
                {
                    break;
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = WebSeedEventIds.ReleaseLoaded, Level = LogLevel.Debug,
            Message = "Web seed loaded release {ReleaseId} ({InfoHash}): {FileCount} files")]
        public static partial void ReleaseLoaded(ILogger logger, long releaseId, string infoHash, int fileCount);

        [LoggerMessage(EventId = WebSeedEventIds.BlobStoreFailed, Level = LogLevel.Error,
            Message = "The stored torrent of release {ReleaseId} cannot be parsed; its web seed answers 404")]
        public static partial void StoredTorrentUnreadable(ILogger logger, long releaseId, Exception exception);
    }
}
