using Publisher.Service.Catalog;
using Publisher.Service.Releases;
using Publisher.Service.WebSeeds;
using Publisher.Storage;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;

namespace Publisher.Service.Seeding;

/// <content>One pass over the catalogue: start what should be seeded, stop what should not any more.</content>
internal sealed partial class ReleaseSeeder
{
    /// <summary>
    /// The <c>created by</c> the service writes into torrents it hashed itself from uploaded files; their payload is
    /// seeded as a trusted seed (not read again). Any other torrent's payload is checked once before it is offered.
    /// </summary>
    internal const string ServiceCreatedBy = "Publisher service";

    /// <summary>The user id of the download tokens the seed announces entitled releases with.</summary>
    internal const string SeedUserId = "publisher-seed";

    /// <summary>How long the seed's own download token for an entitled release is valid (renewed at each start).</summary>
    internal static readonly TimeSpan SeedTokenLifetime = TimeSpan.FromDays(365);

    /// <summary>The folder under the data directory that keeps the seed's resume files.</summary>
    internal const string ResumeFolder = "seeding";

    private async Task SyncAsync(string storeRoot, CancellationToken cancellationToken)
    {
        var limit = _options.Value.Seeding.MaxReleases;
        var wanted = new Dictionary<long, ReleaseRecord>();
        long? before = null;
        while (wanted.Count < limit)
        {
            var page = await _catalog.ListReleasesAsync(new ReleaseQuery(IncludeYanked: false, Limit: ReleaseQuery.MaxLimit, BeforeId: before), cancellationToken);
            foreach (var release in page)
            {
                if (wanted.Count < limit)
                {
                    wanted[release.Id] = release;
                }
            }

            if (page.Count < ReleaseQuery.MaxLimit)
            {
                break;
            }

            before = page[^1].Id;
        }

        List<SeededRelease> unwanted = [];
        lock (_gate)
        {
            foreach (var seeded in _seeded.Values)
            {
                if (!wanted.ContainsKey(seeded.ReleaseId))
                {
                    unwanted.Add(seeded);
                }
            }
        }

        foreach (var seeded in unwanted)
        {
            await StopAsync(seeded, cancellationToken);
        }

        foreach (var release in wanted.Values.OrderBy(r => r.Id))
        {
            bool running;
            lock (_gate)
            {
                running = _seeded.ContainsKey(release.Id) || _skipped.Contains(release.Id);
            }

            if (!running)
            {
                await StartAsync(release, storeRoot, cancellationToken);
            }
        }
    }

    private async Task StartAsync(ReleaseRecord release, string storeRoot, CancellationToken cancellationToken)
    {
        var bytes = await _catalog.GetTorrentAsync(release.Id, cancellationToken);
        if (bytes is null)
        {
            return;
        }

        TorrentInfo torrent;
        try
        {
            torrent = TorrentInfo.Parse(bytes);
        }
        catch (InvalidTorrentException exception)
        {
            Skip(release.Id);
            Log.TorrentUnreadable(_logger, release.Id, exception.Message);
            return;
        }

        var hash = ServiceUrls.TrackerInfoHash(release);
        if (await FindMissingAsync(torrent, hash, cancellationToken) is { } missing)
        {
            // Checked again at the next pass (a payload may still be arriving), but said only once.
            if (Report(release.Id))
            {
                Log.PayloadIncomplete(_logger, release.Id, missing);
            }

            return;
        }

        var trusted = torrent.CreatedBy == ServiceCreatedBy;
        var saveDirectory = Path.Combine(storeRoot, ReleaseBlobKeys.Root, hash);
        var options = new TorrentOptions
        {
            TrustedSeed = trusted,
            ResumeFilePath = Path.Combine(_paths.DataDirectory, ResumeFolder, hash + ".resume"),
        };
        var engine = _engine!;
        TorrentHandle handle;
        try
        {
            handle = await engine.AddAsync(ForSeeding(torrent, release), saveDirectory, options, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            foreach (var added in engine.Torrents)
            {
                if (added.Torrent.InfoHashes == torrent.InfoHashes)
                {
                    await engine.RemoveAsync(added, cancellationToken);
                }
            }

            Skip(release.Id);
            Log.ReleaseFailed(_logger, release.Id, "unreadable", exception.Message);
            return;
        }

        if (handle.State != TorrentState.Seeding)
        {
            // Never let the seed turn into a downloader writing into the blob store.
            var verified = handle.Progress;
            await engine.RemoveAsync(handle, cancellationToken);
            Skip(release.Id);
            Log.ReleaseFailed(_logger, release.Id, handle.State.ToString(), handle.Error?.Message ?? $"{verified.VerifiedPieces} of {torrent.PieceCount} pieces match the torrent");
            return;
        }

        lock (_gate)
        {
            _seeded[release.Id] = new SeededRelease(release.Id, hash, handle);
            _reported.Remove(release.Id);
        }

        Log.ReleaseSeeding(_logger, release.Id, release.Product, release.Version, trusted);
    }

    private async Task StopAsync(SeededRelease seeded, CancellationToken cancellationToken)
    {
        await _engine!.RemoveAsync(seeded.Handle, cancellationToken);
        Log.ReleaseStopped(_logger, seeded.ReleaseId);
        lock (_gate)
        {
            Collect(seeded);
            _uploadedByStopped += seeded.Handle.Statistics.UploadedToPeers;
            _seeded.Remove(seeded.ReleaseId);
        }
    }

    /// <summary>The key of the first payload file that is missing or of the wrong length in the store, or null.</summary>
    private async Task<string?> FindMissingAsync(TorrentInfo torrent, string hash, CancellationToken cancellationToken)
    {
        foreach (var file in torrent.Files)
        {
            if (file.IsPadFile)
            {
                continue;
            }

            var key = ReleaseBlobKeys.ForFile(hash, file.PathString);
            if (!BlobKey.IsValid(key))
            {
                return key;
            }

            var properties = await _store.GetPropertiesAsync(key, cancellationToken);
            if (properties is null || properties.Length != file.Length)
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>
    /// The torrent the engine runs: without web seeds (the seed reads the very files the web seed serves, and must never
    /// download into the blob store), and, for an entitled release whose swarm needs a download token, announcing to the
    /// service's tracker (the first tier, which the service writes) with a token of its own.
    /// </summary>
    private TorrentInfo ForSeeding(TorrentInfo torrent, ReleaseRecord release)
    {
        torrent = torrent.WithMetadata(torrent.Metadata with { WebSeeds = [] });
        if (release.Access != ReleaseAccess.Entitled || torrent.Metadata.Trackers.Count == 0)
        {
            return torrent;
        }

        var token = _tokens.Issue(SeedUserId, torrent.InfoHashes.Primary, SeedTokenLifetime);
        var tiers = new List<IReadOnlyList<string>>(torrent.Metadata.Trackers.Count);
        for (var i = 0; i < torrent.Metadata.Trackers.Count; i++)
        {
            var tier = torrent.Metadata.Trackers[i];
            tiers.Add(i == 0 ? [.. tier.Select(url => url.EndsWith("/announce", StringComparison.Ordinal) ? url + "/" + token : url)] : tier);
        }

        return torrent.WithMetadata(torrent.Metadata with { Trackers = tiers });
    }

    /// <summary>Leaves a release out until the service restarts (its torrent or payload is unusable).</summary>
    private void Skip(long releaseId)
    {
        lock (_gate)
        {
            _skipped.Add(releaseId);
        }
    }

    /// <summary>Remembers that a release's missing payload was logged; true the first time.</summary>
    private bool Report(long releaseId)
    {
        lock (_gate)
        {
            return _reported.Add(releaseId);
        }
    }
}
