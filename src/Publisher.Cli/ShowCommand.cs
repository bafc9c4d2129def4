using System.CommandLine;
using Publisher.Torrent.Metainfo;

namespace Publisher.Cli;

/// <summary><c>publisher show &lt;torrent|magnet&gt; [--json]</c>: what a torrent or magnet link holds.</summary>
internal static class ShowCommand
{
    public static Command Build(CliContext context)
    {
        var source = new Argument<string>("torrent") { Description = "A .torrent file or a magnet link." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("show", "Show a torrent's or magnet link's info hashes, files, trackers and web seeds.") { source, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetRequiredValue(source);
            var asJson = result.GetValue(json);
            string output;
            if (text.StartsWith("magnet:", StringComparison.OrdinalIgnoreCase))
            {
                var link = MagnetLink.Parse(text);
                output = asJson ? ShowFormatter.MagnetJson(link) : ShowFormatter.MagnetText(link);
            }
            else
            {
                var torrent = await LoadTorrentAsync(text, cancellationToken).ConfigureAwait(false);
                output = asJson ? ShowFormatter.TorrentJson(torrent) : ShowFormatter.TorrentText(torrent);
            }

            await context.Output.WriteAsync(output).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>Loads a .torrent file, turning "not there" into a one-line reason.</summary>
    internal static async Task<TorrentInfo> LoadTorrentAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist.");
        }

        return await TorrentInfo.LoadAsync(path, cancellationToken).ConfigureAwait(false);
    }
}
