using System.CommandLine;
using System.Globalization;
using System.Net;
using Publisher.Torrent.Engine;

namespace Publisher.Cli;

/// <summary>
/// <c>publisher seed &lt;torrent&gt; &lt;dir&gt; [--port N] [--peer HOST:PORT]... [--max-upload KiB/s]</c>: checks the data,
/// prints the listening port as the first line on stdout, then seeds until interrupted.
/// </summary>
internal static class SeedCommand
{
    public static Command Build(CliContext context)
    {
        var torrentPath = new Argument<string>("torrent") { Description = "The .torrent file." };
        var directory = new Argument<string>("dir") { Description = "The folder holding the data (a multi-file torrent's folder is inside it)." };
        var port = DownloadCommand.PortOption();
        var peers = DownloadCommand.PeerOption();
        var maxUpload = new Option<long>("--max-upload") { Description = "Upload limit in KiB/s (default: unlimited)." };
        var command = new Command("seed", "Seed a torrent from data on disk until interrupted; prints the listening port first.") { torrentPath, directory, port, peers, maxUpload };
        command.SetAction(async (result, cancellationToken) =>
        {
            var torrent = await ShowCommand.LoadTorrentAsync(result.GetRequiredValue(torrentPath), cancellationToken).ConfigureAwait(false);
            var target = result.GetRequiredValue(directory);
            if (!Directory.Exists(target))
            {
                throw new DirectoryNotFoundException($"'{target}' is not a directory.");
            }

            var endPoints = await DownloadCommand.ResolvePeersAsync(result.GetValue(peers) ?? [], cancellationToken).ConfigureAwait(false);
            var engine = new TorrentEngine(new EngineOptions
            {
                ListenEndPoint = new IPEndPoint(IPAddress.Any, result.GetValue(port)),
                MaxUploadBytesPerSecond = DownloadCommand.KiB(result.GetValue(maxUpload)),
            });
            await using (engine.ConfigureAwait(false))
            {
                await context.Output.WriteLineAsync(engine.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                await context.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                var handle = await engine.AddAsync(torrent, target, null, cancellationToken).ConfigureAwait(false);
                var progress = handle.Progress;
                if (!progress.IsComplete)
                {
                    await context.Error.WriteLineAsync($"publisher: only {progress.VerifiedPieces}/{progress.PieceCount} pieces are on disk; seeding those").ConfigureAwait(false);
                }

                await context.Output.WriteLineAsync($"seeding {torrent.Name}: {progress.VerifiedPieces}/{progress.PieceCount} pieces").ConfigureAwait(false);
                await context.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                foreach (var endPoint in endPoints)
                {
                    handle.AddPeer(endPoint);
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Interrupted: stop seeding.
                }
            }

            return CliApp.Success;
        });
        return command;
    }
}
