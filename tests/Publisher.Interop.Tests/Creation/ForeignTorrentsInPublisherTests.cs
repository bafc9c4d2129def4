using Publisher.Cli;
using Publisher.TestSupport;
using Publisher.Torrent.Metainfo;
using Xunit;

namespace Publisher.Interop.Tests.Creation;

/// <summary>
/// Torrents made by mktorrent, transmission-create and libtorrent load in ours with the info hashes
/// libtorrent reports, and <c>publisher verify</c> passes on their data and fails, naming the file,
/// once one byte is changed.
/// </summary>
public sealed class ForeignTorrentsInPublisherTests
{
    public static TheoryData<string, bool> Creators => new()
    {
        { "mktorrent", false },
        { "mktorrent", true },
        { "transmission-create", false },
        { "transmission-create", true },
        { "libtorrent-v1", true },
        { "libtorrent-v2", false },
        { "libtorrent-v2", true },
        { "libtorrent-hybrid", false },
        { "libtorrent-hybrid", true },
    };

    [Theory]
    [MemberData(nameof(Creators))]
    public async Task ForeignTorrent_SameInfoHashesAsLibtorrent_VerifyPassesThenFailsOnCorruption(string creator, bool multiFile)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        using var temp = new TempDirectory();
        var source = InteropPayloads.Write(temp, multiFile);
        var torrentPath = temp.Combine("foreign.torrent");
        await CreateWithAsync(creator, python, source, torrentPath);

        var ours = TorrentInfo.Load(torrentPath);
        var theirs = await LibtorrentScripts.CheckAsync(python, torrentPath, savePath: null);
        Assert.Equal(theirs.V1, ours.InfoHashes.V1?.ToHex());
        Assert.Equal(theirs.V2, ours.InfoHashes.V2?.ToHex());
        Assert.Equal(theirs.NumPieces, ours.PieceCount);

        var intact = await VerifyAsync(torrentPath, temp.Combine("data"));
        Assert.True(intact.ExitCode == 0, $"verify failed on intact data: {intact.Stdout} {intact.Stderr}");

        var (victim, printed) = InteropPayloads.Victim(temp, multiFile);
        InteropPayloads.CorruptOneByte(victim);
        var corrupted = await VerifyAsync(torrentPath, temp.Combine("data"));
        Assert.Equal(1, corrupted.ExitCode);
        Assert.Contains($"corrupt: {printed}", corrupted.Stdout, StringComparison.Ordinal);
    }

    private static async Task CreateWithAsync(string creator, string python, string source, string output)
    {
        const int pieceSize = 1 << 18;
        switch (creator)
        {
            case "mktorrent":
                await RunToolAsync(ExternalTool.Require("mktorrent", "mktorrent"), ["-l", "18", "-o", output, source]);
                break;
            case "transmission-create":
                await RunToolAsync(ExternalTool.Require("transmission-create", "transmission-cli"), ["-s", "256", "-o", output, source]);
                break;
            default:
                await LibtorrentScripts.CreateAsync(python, source, output, creator["libtorrent-".Length..], pieceSize);
                break;
        }

        Assert.True(File.Exists(output), $"{creator} wrote no torrent");
    }

    private static async Task RunToolAsync(string tool, string[] args)
    {
        var result = await ChildProcess.RunAsync(tool, args, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"{tool} failed:\n{result.Output}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> VerifyAsync(string torrentPath, string directory)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["verify", torrentPath, directory], stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
