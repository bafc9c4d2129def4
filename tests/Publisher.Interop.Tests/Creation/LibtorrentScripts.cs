using System.Text.Json;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.Creation;

/// <summary>Runs the libtorrent helper scripts in Scripts/ with Debian's /usr/bin/python3.</summary>
internal static class LibtorrentScripts
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>What libtorrent says about a torrent (and, with a save path, about the data next to it).</summary>
    public sealed record Check(string? V1, string? V2, int NumPieces, bool Checked, bool IsSeeding, int PiecesHave, string? State, string? Error);

    public static async Task<Check> CheckAsync(string python, string torrentPath, string? savePath)
    {
        string[] args = savePath is null ? [Script("lt_torrent_check.py"), torrentPath] : [Script("lt_torrent_check.py"), torrentPath, savePath];
        var result = await ChildProcess.RunAsync(python, args, Timeout, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"lt_torrent_check.py failed:\n{result.Output}");
        var line = LastJsonLine(result.Output);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new Check(
            OptionalString(root, "v1"),
            OptionalString(root, "v2"),
            root.GetProperty("num_pieces").GetInt32(),
            root.TryGetProperty("checked", out var c) && c.GetBoolean(),
            root.TryGetProperty("is_seeding", out var s) && s.GetBoolean(),
            root.TryGetProperty("pieces_have", out var h) ? h.GetInt32() : 0,
            OptionalString(root, "state"),
            OptionalString(root, "error"));
    }

    public static async Task CreateAsync(string python, string path, string output, string mode, int pieceSize)
    {
        var result = await ChildProcess.RunAsync(python, [Script("lt_create.py"), path, output, mode, pieceSize.ToString(System.Globalization.CultureInfo.InvariantCulture)], Timeout, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"lt_create.py failed:\n{result.Output}");
    }

    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Scripts", name);

    private static string LastJsonLine(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (lines[i].StartsWith('{'))
            {
                return lines[i];
            }
        }

        throw new InvalidOperationException($"No JSON line in the script's output:\n{output}");
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
