using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Storage;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Downloads a whole torrent from its BEP 19 web seeds alone (no peers): large Range requests over several
/// connections per seed, each seed behind its own resilience pipeline (timeout, jittered retry honouring
/// Retry-After, circuit breaker). Every piece is verified before it is written in place; a seed whose data fails
/// the hash, or that answers wrongly for a file, is not asked for that file again. The download completes from the
/// seeds that are left, or ends with an error that says which file failed and why; a file never holds unverified data.
/// Files already in the directory are checked first and only the pieces they miss are fetched (resume).
/// </summary>
public sealed class WebSeedDownloader : IDisposable
{
    private readonly WebSeedOptions _options;
    private readonly HttpMessageInvoker _http;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    /// <summary>Creates a downloader.</summary>
    /// <param name="options">Connection, request size and resilience settings; null for the defaults.</param>
    /// <param name="handler">
    /// The HTTP handler to send requests through (owned by the caller); null for a <see cref="SocketsHttpHandler"/> that
    /// follows at most <see cref="ProtocolLimits.MaxWebSeedRedirects"/> redirects and never decompresses.
    /// </param>
    /// <param name="timeProvider">The clock for timeouts and retry delays; null for the system clock.</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    public WebSeedDownloader(WebSeedOptions? options = null, HttpMessageHandler? handler = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? new WebSeedOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _http = handler is null
            ? new HttpMessageInvoker(CreateHandler(_options), disposeHandler: true)
            : new HttpMessageInvoker(handler, disposeHandler: false);
    }

    /// <summary>
    /// Downloads <paramref name="torrent"/> into <paramref name="directory"/> (multi-file torrents in a folder named
    /// after the torrent) from <paramref name="seedUrls"/>, or from the torrent's own url-list when null.
    /// </summary>
    /// <returns>Whether every piece was verified and written, the bytes received, and the error when not.</returns>
    public async Task<WebSeedDownloadResult> DownloadAsync(TorrentInfo torrent, string directory, IReadOnlyList<string>? seedUrls, IProgress<WebSeedDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var watch = Stopwatch.StartNew();
        var logger = _loggers.CreateLogger<WebSeedDownloader>();
        var sources = new List<WebSeedSource>();
        try
        {
            foreach (var url in seedUrls ?? torrent.WebSeeds)
            {
                if (WebSeedUrl.IsUsable(url, out _))
                {
                    sources.Add(new WebSeedSource(url, torrent, _http, _options, _time, logger));
                }
            }

            if (sources.Count == 0)
            {
                return new WebSeedDownloadResult(false, 0, 0, watch.Elapsed, $"'{torrent.Name}' has no usable http(s) web seed.");
            }

            using var writer = new WebSeedFileWriter(torrent, directory);
            var needed = await ResumeAsync(torrent, directory, writer, cancellationToken).ConfigureAwait(false);
            writer.Prepare();
            var download = new WebSeedDownload(torrent, sources, writer, _options, _time, progress, needed);
            var error = await download.RunAsync(cancellationToken).ConfigureAwait(false);
            long bytes = 0;
            foreach (var source in sources)
            {
                bytes += source.BytesReceived;
            }

            var already = needed is null ? 0 : torrent.PieceCount - needed.Count;
            return new WebSeedDownloadResult(error is null, bytes, already + download.PiecesVerified, watch.Elapsed, error);
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }
    }

    /// <summary>
    /// When some of the torrent's files are already below <paramref name="directory"/> (an interrupted or damaged
    /// download), checks them and returns the pieces still needed; null when nothing is there yet (fetch everything).
    /// </summary>
    private static async Task<IReadOnlyList<int>?> ResumeAsync(TorrentInfo torrent, string directory, WebSeedFileWriter writer, CancellationToken cancellationToken)
    {
        if (!writer.AnyFileExists())
        {
            return null;
        }

        var report = await TorrentVerifier.VerifyAsync(torrent, directory, 0, null, cancellationToken).ConfigureAwait(false);
        return report.BadPieces;
    }

    /// <summary>Releases the HTTP handler when this downloader created it.</summary>
    public void Dispose() => _http.Dispose();

    private static SocketsHttpHandler CreateHandler(WebSeedOptions options) => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = ProtocolLimits.MaxWebSeedRedirects,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        MaxConnectionsPerServer = options.ConnectionsPerSeed,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.AttemptTimeout,
        UseCookies = false,
        ConnectCallback = WebSeedConnection.ConnectAsync,
    };
}
