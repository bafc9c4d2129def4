using System.Buffers;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.WebSeeds;

namespace Publisher.Torrent.Engine;

/// <content>
/// The torrent's BEP 19 web seeds (its <c>url-list</c> plus <see cref="TorrentOptions.AdditionalWebSeeds"/>) as a source
/// beside peers. While the torrent downloads, a <see cref="WebSeedOffloader"/> claims whole pieces from the picker as
/// the offload policy decides, and hands each verified piece to <see cref="IWebSeedHost.DeliverAsync"/>, which reports
/// its blocks to the picker and queues them on the same write path as peer blocks (hash check, write, HAVE to peers),
/// counting the bytes as <see cref="TransferSource.WebSeeds"/>. It starts with the download and stops on stop, pause,
/// dispose and completion. A failing web seed never fails the torrent while peers can carry on: only when every web
/// seed has given up on a piece still missing and no peer has been connected (or dialling) for
/// <see cref="AloneTicksBeforeFailing"/> seconds does the torrent fail, with the seeds' errors in the message; the
/// caller may start it again.
/// </content>
internal sealed partial class TorrentSession : IWebSeedHost
{
    /// <summary>Ticks (seconds) without any peer after the web seeds gave up before the torrent fails.</summary>
    private const int AloneTicksBeforeFailing = 5;

    /// <summary>
    /// With no peers, small pieces are fetched in runs of up to this many bytes per request (enough to amortise a
    /// request's round trip); more would leave large runs in flight that peers arriving a moment later fetch again.
    /// </summary>
    private const int MaxWebSeedRunBytes = 1024 * 1024;

    private ActiveWebSeeds? _webSeeds;
    private IOffloadPolicy? _offloadPolicy;
    private long _originBytesEarlier;
    private string? _webSeedsExhausted;
    private int _aloneTicks;

    /// <summary>The usable web seed URLs of this torrent: its url-list, then the additional ones, without duplicates.</summary>
    public IReadOnlyList<string> WebSeedUrls
    {
        get
        {
            var urls = new List<string>();
            foreach (var url in Torrent.WebSeeds)
            {
                if (WebSeedUrl.IsUsable(url, out _) && !urls.Contains(url))
                {
                    urls.Add(url);
                }
            }

            foreach (var url in Options.AdditionalWebSeeds)
            {
                if (!urls.Contains(url))
                {
                    urls.Add(url);
                }
            }

            return urls;
        }
    }

    /// <summary>True while the web seeds are fetching (for tests and diagnostics).</summary>
    public bool WebSeedsRunning => Volatile.Read(ref _webSeeds) is { Task.IsCompleted: false };

    /// <summary>Bytes received from web seeds so far, including data that failed its hash.</summary>
    public long OriginBytes
    {
        get
        {
            var total = Interlocked.Read(ref _originBytesEarlier);
            if (Volatile.Read(ref _webSeeds) is { } active)
            {
                foreach (var source in active.Sources)
                {
                    total += source.BytesReceived;
                }
            }

            return total;
        }
    }

    IPieceClaims IWebSeedHost.Claims => Picker;

    OffloadSnapshot IWebSeedHost.Snapshot()
    {
        var remaining = Picker.IsComplete ? 0 : Math.Max(1, Layout.TotalLength - Interlocked.Read(ref _verifiedBytes));
        int connected;
        int pending;
        lock (_gate)
        {
            connected = _peers.Count;
            pending = _connecting.Count;
        }

        return new OffloadSnapshot(connected, Picker.UnavailablePieceCount, remaining, Interlocked.Read(ref _downloadedFromPeers), OriginBytes) { PendingPeers = pending };
    }

    async ValueTask IWebSeedHost.DeliverAsync(int piece, ReadOnlyMemory<byte> data, object owner, CancellationToken cancellationToken)
    {
        // Web seed bytes count against the same download limits as peer bytes; waiting here holds the offloader's slot.
        await _downloadLimit.WaitAsync(data.Length, cancellationToken).ConfigureAwait(false);
        await Engine.DownloadLimit.WaitAsync(data.Length, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _downloadedFromWebSeeds, data.Length);
        Volatile.Write(ref _webSeedsExhausted, null);
        var writer = _writer;
        if (writer is null)
        {
            Interlocked.Add(ref _discarded, data.Length);
            Picker.ReleaseClaim(piece, owner);
            return;
        }

        var owners = new List<object>(4);
        var blocks = Picker.BlockCountOf(piece);
        for (var index = 0; index < blocks; index++)
        {
            var block = Picker.BlockOf(piece, index);
            owners.Clear();
            var receipt = Picker.BlockReceived(block, owner, owners);
            if (receipt is BlockReceipt.Accepted or BlockReceipt.PieceComplete)
            {
                writer.AddBlock(block, new ReadOnlySequence<byte>(data.Slice(block.Begin, block.Length)), owner);
            }
            else
            {
                // A peer delivered this block first (endgame) or the piece is already done.
                Interlocked.Add(ref _discarded, block.Length);
            }

            foreach (var other in owners)
            {
                if (other is PeerSession peer)
                {
                    peer.QueueCancel(block);
                }
            }
        }
    }

    /// <summary>Starts the web seeds when the torrent downloads, uses them, and has any; the lifecycle lock is held.</summary>
    private void StartWebSeeds()
    {
        if (!Options.UseWebSeeds || _run is null || _state != TorrentState.Downloading || Volatile.Read(ref _webSeeds) is not null || Picker.IsComplete)
        {
            return;
        }

        var urls = WebSeedUrls;
        if (urls.Count == 0)
        {
            return;
        }

        var settings = Options.WebSeeds;
        var http = new HttpMessageInvoker(CreateWebSeedHandler(settings), disposeHandler: true);
        var sources = new List<WebSeedSource>(urls.Count);
        foreach (var url in urls)
        {
            sources.Add(new WebSeedSource(url, Torrent, http, settings, Time));
        }

        _offloadPolicy ??= Options.OffloadPolicy ?? new PeersFirstOffloadPolicy(Options.Offload, Time);
        var offloader = new WebSeedOffloader(Torrent, sources, this, _offloadPolicy, Time)
        {
            MaxConsecutiveFailures = settings.MaxFailuresPerRun,
            MaxRunBytes = Math.Min(settings.MaxRequestBytes, MaxWebSeedRunBytes),
            Exhausted = reason => Volatile.Write(ref _webSeedsExhausted, reason),
        };
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_run.Token);
        var active = new ActiveWebSeeds(http, sources, stop);
        Volatile.Write(ref _webSeeds, active);
        active.Task = RunWebSeedsAsync(active, offloader);
    }

    private async Task RunWebSeedsAsync(ActiveWebSeeds active, WebSeedOffloader offloader)
    {
        await Task.Yield();
        try
        {
            await offloader.RunAsync(active.Stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (active.Stop.IsCancellationRequested)
        {
            // Stopped or paused.
        }
        catch (Exception error) when (error is HttpRequestException or IOException or InvalidOperationException)
        {
            // The web seeds are out; peers carry on, and the tick fails the torrent if there are none.
            Volatile.Write(ref _webSeedsExhausted, $"the web seeds stopped: {error.Message}");
        }

        if (!active.Stop.IsCancellationRequested && Interlocked.CompareExchange(ref _webSeeds, null, active) == active)
        {
            // Finished on its own (everything fetched): release the connections now rather than at stop.
            Retire(active);
        }
    }

    /// <summary>Stops the web seeds (stop, pause, dispose) and waits for their requests to end; their claims go back to the picker.</summary>
    private async Task StopWebSeedsAsync()
    {
        var active = Interlocked.Exchange(ref _webSeeds, null);
        if (active is null)
        {
            return;
        }

        await active.Stop.CancelAsync().ConfigureAwait(false);
        if (active.Task is { } task)
        {
            await task.ConfigureAwait(false);
        }

        Retire(active);
    }

    private void Retire(ActiveWebSeeds active)
    {
        foreach (var source in active.Sources)
        {
            Interlocked.Add(ref _originBytesEarlier, source.BytesReceived);
            source.Dispose();
        }

        active.Http.Dispose();
        active.Stop.Dispose();
    }

    /// <summary>
    /// Called every tick: when every web seed has given up and no peer has been connected or dialling for
    /// <see cref="AloneTicksBeforeFailing"/> ticks, nothing can finish the download: fail it with the seeds' errors.
    /// </summary>
    private void CheckWebSeedsAlone()
    {
        var exhausted = Volatile.Read(ref _webSeedsExhausted);
        bool alone;
        lock (_gate)
        {
            alone = _peers.Count == 0 && _connecting.Count == 0;
        }

        if (exhausted is null || !alone || _state != TorrentState.Downloading)
        {
            _aloneTicks = 0;
            return;
        }

        if (++_aloneTicks >= AloneTicksBeforeFailing)
        {
            _aloneTicks = 0;
            Fail(new IOException($"'{Torrent.Name}' cannot be completed: no peer is connected and {exhausted}."));
        }
    }

    private static SocketsHttpHandler CreateWebSeedHandler(WebSeedOptions options) => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = ProtocolLimits.MaxWebSeedRedirects,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        MaxConnectionsPerServer = options.ConnectionsPerSeed,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.AttemptTimeout,
        UseCookies = false,
    };

    /// <summary>The web seeds of one run of the torrent (from start or resume to stop, pause or completion).</summary>
    private sealed class ActiveWebSeeds(HttpMessageInvoker http, List<WebSeedSource> sources, CancellationTokenSource stop)
    {
        public HttpMessageInvoker Http { get; } = http;

        public List<WebSeedSource> Sources { get; } = sources;

        public CancellationTokenSource Stop { get; } = stop;

        public Task? Task { get; set; }
    }
}
