using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;

namespace Publisher.Cli;

/// <summary>
/// <c>publisher download &lt;torrent|magnet&gt; [-o DIR] [--port N] [--peer HOST:PORT]... [--seed]
/// [--no-web-seed] [--web-seed URL]... [--origin-budget BYTES] [--max-download KiB/s] [--max-upload KiB/s] [--json]</c>:
/// exit 0 only when every piece is verified on disk. Web seeds (the torrent's url-list and <c>--web-seed</c> URLs) serve
/// what peers cannot give fast enough (peers-first offload policy).
/// </summary>
internal static class DownloadCommand
{
    public static Command Build(CliContext context)
    {
        var source = new Argument<string>("torrent") { Description = "A .torrent file or a magnet link." };
        var output = new Option<string>("--output", "-o") { Description = "The folder to download into (default: the current folder). Resume data is kept in its .publisher folder.", DefaultValueFactory = _ => "." };
        var port = PortOption();
        var peers = PeerOption();
        var seed = new Option<bool>("--seed") { Description = "Keep seeding after the download completes, until interrupted." };
        var maxDownload = new Option<long>("--max-download") { Description = "Download limit in KiB/s (default: unlimited)." };
        var maxUpload = new Option<long>("--max-upload") { Description = "Upload limit in KiB/s (default: unlimited)." };
        var noWebSeed = new Option<bool>("--no-web-seed") { Description = "Download from peers only: never use the torrent's web seeds." };
        var webSeeds = new Option<string[]>("--web-seed")
        {
            Description = "A web seed URL (BEP 19) to use besides the torrent's own (repeatable).",
            AllowMultipleArgumentsPerToken = false,
            Validators = { r => { foreach (var url in r.GetValueOrDefault<string[]>() ?? []) { if (!IsWebSeedUrl(url)) { r.AddError($"--web-seed '{url}' is not an absolute http:// or https:// URL."); } } } },
        };
        var originBudget = new Option<long?>("--origin-budget")
        {
            Description = "The most bytes to take from web seeds (the origin) while peers make progress (default: no limit).",
            Validators = { r => { if (r.GetValueOrDefault<long?>() is < 0) { r.AddError("--origin-budget must be 0 or more bytes."); } } },
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object a line: progress events, then a summary (bytesFromPeers, bytesFromWebSeeds, elapsedSeconds)." };
        var command = new Command("download", "Download a torrent from peers (trackers and --peer addresses) and its web seeds; resumes where a previous run stopped.")
        {
            source, output, port, peers, seed, noWebSeed, webSeeds, originBudget, maxDownload, maxUpload, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetRequiredValue(source);
            var magnet = text.StartsWith("magnet:", StringComparison.OrdinalIgnoreCase) ? MagnetLink.Parse(text) : null;
            var torrent = magnet is null ? await ShowCommand.LoadTorrentAsync(text, cancellationToken).ConfigureAwait(false) : null;
            var endPoints = await ResolvePeersAsync(result.GetValue(peers) ?? [], cancellationToken).ConfigureAwait(false);
            var limits = (Down: KiB(result.GetValue(maxDownload)), Up: KiB(result.GetValue(maxUpload)));
            var asJson = result.GetValue(json);
            var stopwatch = Stopwatch.StartNew();
            var engine = new TorrentEngine(new EngineOptions { ListenEndPoint = new IPEndPoint(IPAddress.Any, result.GetValue(port)), MaxDownloadBytesPerSecond = limits.Down, MaxUploadBytesPerSecond = limits.Up });
            await using (engine.ConfigureAwait(false))
            {
                var options = new TorrentOptions
                {
                    InitialPeers = endPoints,
                    UseWebSeeds = !result.GetValue(noWebSeed),
                    AdditionalWebSeeds = result.GetValue(webSeeds) ?? [],
                    Offload = new Publisher.Torrent.WebSeeds.PeersFirstOffloadOptions { OriginByteBudget = result.GetValue(originBudget) },
                };
                var handle = magnet is null
                    ? await engine.AddAsync(torrent!, result.GetValue(output)!, options, cancellationToken).ConfigureAwait(false)
                    : await engine.AddAsync(magnet, result.GetValue(output)!, options, cancellationToken).ConfigureAwait(false);

                using var printing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var printer = PrintProgressAsync(context, handle, asJson, printing.Token);
                var complete = false;
                try
                {
                    await handle.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
                    complete = true;
                }
                catch (OperationCanceledException)
                {
                    // Interrupted: the resume data is saved when the engine is disposed.
                }
                finally
                {
                    await printing.CancelAsync().ConfigureAwait(false);
                    await printer.ConfigureAwait(false);
                }

                var statistics = handle.Statistics;
                if (asJson)
                {
                    await context.Output.WriteLineAsync(Summary(handle, complete, statistics, stopwatch.Elapsed)).ConfigureAwait(false);
                }
                else if (complete)
                {
                    await context.Output.WriteLineAsync($"ok: {handle.Torrent.Name} complete, {statistics.DownloadedFromPeers} bytes from peers, {statistics.DownloadedFromWebSeeds} from web seeds in {stopwatch.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
                }

                await context.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                if (!complete)
                {
                    await context.Error.WriteLineAsync(handle.Error is { } error ? $"publisher: download failed: {error.Message}" : "publisher: download interrupted before every piece was verified").ConfigureAwait(false);
                    return CliApp.Failure;
                }

                if (result.GetValue(seed))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Interrupted: stop seeding.
                    }
                }
            }

            return CliApp.Success;
        });
        return command;
    }

    internal static Option<int> PortOption() => new("--port")
    {
        Description = "The TCP port to accept peers on (default 6881; 0 picks a free one).",
        DefaultValueFactory = _ => 6881,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 0 or > 65535) { r.AddError("--port must be between 0 and 65535."); } } },
    };

    internal static Option<string[]> PeerOption() => new("--peer")
    {
        Description = "A peer to connect to, as HOST:PORT (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>True for an absolute http or https URL.</summary>
    internal static bool IsWebSeedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    internal static long KiB(long kibPerSecond) => kibPerSecond <= 0 ? 0 : kibPerSecond * 1024;

    internal static async Task<List<IPEndPoint>> ResolvePeersAsync(string[] peers, CancellationToken cancellationToken)
    {
        var endPoints = new List<IPEndPoint>(peers.Length);
        foreach (var peer in peers)
        {
            if (IPEndPoint.TryParse(peer, out var endPoint) && endPoint.Port != 0)
            {
                endPoints.Add(endPoint);
                continue;
            }

            var colon = peer.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(peer.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
            {
                throw new InvalidTorrentException($"'{peer}' is not a peer address: use HOST:PORT.");
            }

            IPAddress[] addresses;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(peer[..colon], cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException error)
            {
                throw new IOException($"Cannot resolve '{peer[..colon]}': {error.Message}", error);
            }

            if (addresses.Length == 0)
            {
                throw new IOException($"Cannot resolve '{peer[..colon]}'.");
            }

            endPoints.Add(new IPEndPoint(addresses[0], port));
        }

        return endPoints;
    }

    private static async Task PrintProgressAsync(CliContext context, TorrentHandle handle, bool asJson, CancellationToken cancellationToken)
    {
        using var display = asJson ? null : context.StartProgress("downloading");
        await foreach (var progress in handle.WatchProgressAsync(cancellationToken).ConfigureAwait(false))
        {
            if (asJson)
            {
                await context.Output.WriteLineAsync(ProgressJson(progress)).ConfigureAwait(false);
                await context.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                display!.Report(new Publisher.Torrent.Storage.VerificationProgress(progress.VerifiedBytes, progress.TotalBytes));
            }
        }
    }

    private static string ProgressJson(TorrentProgress progress) => Json(writer =>
    {
        writer.WriteString("event", "progress");
        writer.WriteString("state", progress.State.ToString().ToLowerInvariant());
        writer.WriteNumber("verifiedPieces", progress.VerifiedPieces);
        writer.WriteNumber("pieceCount", progress.PieceCount);
        writer.WriteNumber("verifiedBytes", progress.VerifiedBytes);
        writer.WriteNumber("totalBytes", progress.TotalBytes);
        writer.WriteNumber("bytesFromPeers", progress.Statistics.DownloadedFromPeers);
        writer.WriteNumber("bytesFromWebSeeds", progress.Statistics.DownloadedFromWebSeeds);
        writer.WriteNumber("peers", progress.Peers);
        writer.WriteNumber("downloadBytesPerSecond", Math.Round(progress.DownloadBytesPerSecond));
    });

    private static string Summary(TorrentHandle handle, bool complete, TransferStatistics statistics, TimeSpan elapsed) => Json(writer =>
    {
        var progress = handle.Progress;
        writer.WriteString("event", "summary");
        writer.WriteBoolean("complete", complete);
        writer.WriteNumber("verifiedPieces", progress.VerifiedPieces);
        writer.WriteNumber("pieceCount", progress.PieceCount);
        writer.WriteNumber("bytesFromPeers", statistics.DownloadedFromPeers);
        writer.WriteNumber("bytesFromWebSeeds", statistics.DownloadedFromWebSeeds);
        writer.WriteNumber("bytesUploaded", statistics.UploadedToPeers);
        writer.WriteNumber("bytesDiscarded", statistics.DiscardedBytes);
        writer.WriteNumber("elapsedSeconds", Math.Round(elapsed.TotalSeconds, 3));
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
