using System.CommandLine;
using System.Globalization;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Cli;

/// <summary><c>publisher create &lt;path&gt;</c>: hashes a file or directory into a .torrent file.</summary>
internal static class CreateCommand
{
    public static Command Build(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "The file or directory to share." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the torrent (default: <name>.torrent in the current directory)." };
        var trackers = new Option<string[]>("--tracker") { Description = "A tracker URL; repeat for more (each its own tier).", AllowMultipleArgumentsPerToken = false };
        var webSeeds = new Option<string[]>("--web-seed") { Description = "A web seed URL (BEP 19); repeat for more." };
        var pieceSize = new Option<int?>("--piece-size") { Description = "Bytes per piece, a power of two from 16384 (default: chosen from the size)." };
        var format = new Option<string>("--format")
        {
            Description = "v1, v2 or hybrid (both swarms).",
            DefaultValueFactory = _ => "hybrid",
        };
        format.AcceptOnlyFromAmong("v1", "v2", "hybrid");
        var isPrivate = new Option<bool>("--private") { Description = "Set the private flag (BEP 27): peers only from the trackers." };
        var threads = new Option<int>("--threads")
        {
            Description = "Hashing threads (default: the number of cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var comment = new Option<string?>("--comment") { Description = "A comment to store in the torrent." };

        var command = new Command("create", "Create a .torrent file (v1, v2 or hybrid) from a file or a directory.")
        {
            path, output, trackers, webSeeds, pieceSize, format, isPrivate, threads, comment,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var tiers = new List<IReadOnlyList<string>>();
            foreach (var url in result.GetValue(trackers) ?? [])
            {
                tiers.Add([url]);
            }

            var options = new TorrentBuilderOptions
            {
                Format = ParseFormat(result.GetRequiredValue(format)),
                PieceLength = result.GetValue(pieceSize),
                Trackers = tiers,
                WebSeeds = result.GetValue(webSeeds) ?? [],
                Private = result.GetValue(isPrivate),
                Comment = result.GetValue(comment),
                CreatedBy = CliContext.CreatedBy,
                Threads = result.GetValue(threads),
            };
            var source = result.GetRequiredValue(path);
            using var display = context.StartProgress("hashing");
            var created = await TorrentBuilder.CreateAsync(source, options, display, cancellationToken).ConfigureAwait(false);
            display.Complete();
            var torrent = created.Torrent;
            var target = result.GetValue(output) ?? torrent.Name + ".torrent";
            await File.WriteAllBytesAsync(target, created.Bytes.ToArray(), cancellationToken).ConfigureAwait(false);
            var stdout = context.Output;
            await stdout.WriteLineAsync($"wrote {target}").ConfigureAwait(false);
            if (torrent.InfoHashes.V1 is { } v1)
            {
                await stdout.WriteLineAsync($"info hash v1: {v1.ToHex()}").ConfigureAwait(false);
            }

            if (torrent.InfoHashes.V2 is { } v2)
            {
                await stdout.WriteLineAsync($"info hash v2: {v2.ToHex()}").ConfigureAwait(false);
            }

            await stdout.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{torrent.PayloadSize} bytes, {torrent.PieceCount} pieces of {torrent.PieceLength} bytes")).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static TorrentFormat ParseFormat(string value) => value switch
    {
        "v1" => TorrentFormat.V1,
        "v2" => TorrentFormat.V2,
        _ => TorrentFormat.Hybrid,
    };
}
