using System.CommandLine;
using System.Globalization;
using Publisher.Torrent.Storage;

namespace Publisher.Cli;

/// <summary><c>publisher verify &lt;torrent&gt; &lt;dir&gt;</c>: checks every piece; exit 1 when any file is bad.</summary>
internal static class VerifyCommand
{
    public static Command Build(CliContext context)
    {
        var torrentPath = new Argument<string>("torrent") { Description = "The .torrent file." };
        var directory = new Argument<string>("dir") { Description = "The folder the torrent was downloaded into (a multi-file torrent's folder is inside it)." };
        var command = new Command("verify", "Check data on disk against a torrent; prints the bad files and exits 1 when there are any.") { torrentPath, directory };
        command.SetAction(async (result, cancellationToken) =>
        {
            var torrent = await ShowCommand.LoadTorrentAsync(result.GetRequiredValue(torrentPath), cancellationToken).ConfigureAwait(false);
            var target = result.GetRequiredValue(directory);
            if (!Directory.Exists(target))
            {
                throw new DirectoryNotFoundException($"'{target}' is not a directory.");
            }

            VerificationReport report;
            using (var display = context.StartProgress("verifying"))
            {
                report = await TorrentVerifier.VerifyAsync(torrent, target, 0, display, cancellationToken).ConfigureAwait(false);
                display.Complete();
            }

            var bad = 0;
            foreach (var file in report.Files)
            {
                if (file.Status != FileVerificationStatus.Ok)
                {
                    bad++;
                    await context.Output.WriteLineAsync($"{Describe(file.Status)}: {file.Path}").ConfigureAwait(false);
                }
            }

            var summary = string.Create(
                CultureInfo.InvariantCulture,
                $"{report.PieceCount - report.BadPieces.Count}/{report.PieceCount} pieces good, {report.Files.Count - bad}/{report.Files.Count} files good");
            if (report.IsComplete)
            {
                await context.Output.WriteLineAsync($"ok: {summary}").ConfigureAwait(false);
                return CliApp.Success;
            }

            await context.Error.WriteLineAsync($"publisher: verification failed: {summary}").ConfigureAwait(false);
            return CliApp.Failure;
        });
        return command;
    }

    private static string Describe(FileVerificationStatus status) => status switch
    {
        FileVerificationStatus.Missing => "missing",
        FileVerificationStatus.WrongSize => "wrong size",
        FileVerificationStatus.Corrupt => "corrupt",
        FileVerificationStatus.Unreadable => "unreadable",
        _ => "ok",
    };
}
