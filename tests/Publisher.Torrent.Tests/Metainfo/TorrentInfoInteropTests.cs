using System.Security.Cryptography;
using Publisher.Torrent.Bencoding;
using Publisher.Torrent.Metainfo;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Metainfo;

/// <summary>Cross-checks the parser against torrents made and read by libtorrent 2.0 and mktorrent.</summary>
public sealed class TorrentInfoInteropTests
{
    private const string Script = """
        import os, sys, libtorrent as lt
        if sys.argv[1] == 'create':
            src, out, flavor, piece = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
            fs = lt.file_storage()
            lt.add_files(fs, src)
            flags = {'v1': lt.create_torrent.v1_only, 'v2': lt.create_torrent.v2_only, 'hybrid': 0}[flavor]
            ct = lt.create_torrent(fs, piece, flags=flags)
            ct.add_tracker('http://127.0.0.1:1/announce')
            lt.set_piece_hashes(ct, os.path.dirname(src))
            open(out, 'wb').write(lt.bencode(ct.generate()))
            path = out
        else:
            path = sys.argv[2]
        ti = lt.torrent_info(path)
        ih = ti.info_hashes()
        print('v1=' + (str(ih.v1) if ih.has_v1() else ''))
        print('v2=' + (str(ih.v2) if ih.has_v2() else ''))
        for i in range(ti.num_files()):
            print('file=%s|%d|%d' % (ti.files().file_path(i).replace(os.sep, '/'), ti.files().file_size(i), ti.files().file_offset(i)))
        """;

    [Theory]
    [InlineData("v1", false)]
    [InlineData("v1", true)]
    [InlineData("v2", false)]
    [InlineData("v2", true)]
    [InlineData("hybrid", false)]
    [InlineData("hybrid", true)]
    public async Task Parse_LibtorrentTorrent_SameInfoHashesAndFiles(string flavor, bool multiFile)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        using var directory = new TempDirectory();
        string source;
        if (multiFile)
        {
            source = directory.Combine("src dir é");
            directory.WriteRandomFile("src dir é/a b.bin", 70_000, 1);
            directory.WriteRandomFile("src dir é/sub/c.bin", 40_000, 2);
            directory.WriteRandomFile("src dir é/sub/d.bin", 5, 3);
        }
        else
        {
            source = directory.WriteRandomFile("single file ü.bin", 100_000, 4);
        }

        var output = directory.Combine("lt.torrent");
        var result = await RunAsync(python, ["create", source, output, flavor, "32768"]);
        var torrent = TorrentInfo.Load(output);

        Assert.Equal(Expected(result, "v1"), torrent.InfoHashes.V1?.ToHex() ?? string.Empty);
        Assert.Equal(Expected(result, "v2"), torrent.InfoHashes.V2?.ToHex() ?? string.Empty);
        var files = result.Output.Split('\n').Where(l => l.StartsWith("file=", StringComparison.Ordinal)).Select(l => l[5..].Trim()).ToList();
        Assert.Equal(files, torrent.Files.Select(f => $"{f.PathString}|{f.Length}|{f.Offset}"));
        Assert.Equal(multiFile, !torrent.IsSingleFile);
        Assert.Equal([["http://127.0.0.1:1/announce"]], torrent.Trackers);
        Assert.Equal(torrent.InfoHashes, TorrentInfo.Parse(torrent.ToBytes()).InfoHashes);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("hybrid")]
    public async Task ToBytes_OurTorrent_LibtorrentReadsSameInfoHashes(string flavor)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        using var directory = new TempDirectory();
        var bytes = flavor switch
        {
            "v1" => TestTorrents.V1Multi(),
            "v2" => TestTorrents.V2Multi(),
            _ => TestTorrents.Hybrid(),
        };
        var torrent = TorrentInfo.Parse(bytes);
        var path = directory.Combine("ours.torrent");
        await torrent.SaveAsync(path, TestContext.Current.CancellationToken);
        var result = await RunAsync(python, ["read", path]);
        Assert.Equal(Expected(result, "v1"), torrent.InfoHashes.V1?.ToHex() ?? string.Empty);
        Assert.Equal(Expected(result, "v2"), torrent.InfoHashes.V2?.ToHex() ?? string.Empty);
    }

    [Fact]
    public async Task Parse_MktorrentTorrent_InfoHashEqualsCanonicalInfoOfSameFields()
    {
        var mktorrent = ExternalTool.Require("mktorrent", "mktorrent");
        using var directory = new TempDirectory();
        var file = directory.WriteRandomFile("data.bin", 300_000, 9);
        var output = directory.Combine("mk.torrent");
        var result = await ChildProcess.RunAsync(mktorrent, ["-l", "15", "-o", output, file], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Output);

        var torrent = TorrentInfo.Load(output);
        var data = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        var info = BDictionary.From(("length", data.Length), ("name", "data.bin"), ("piece length", 32768), ("pieces", TestTorrents.PiecesV1(data, 32768)));
        Assert.Equal(SHA1.HashData(BencodeEncoder.Encode(info)), torrent.InfoHashes.V1!.Value.ToArray());
        Assert.Equal(BencodeEncoder.Encode(info), torrent.InfoBytes.ToArray());
        Assert.Equal(torrent.InfoHashes, TorrentInfo.Parse(torrent.ToBytes()).InfoHashes);
    }

    [Fact]
    public async Task Parse_TransmissionTorrent_SameInfoHashAsLibtorrent()
    {
        var transmission = ExternalTool.Require("transmission-create", "transmission-cli");
        var python = ExternalTool.RequireLibtorrentPython();
        using var directory = new TempDirectory();
        directory.WriteRandomFile("release 1.0/app.bin", 90_000, 11);
        directory.WriteRandomFile("release 1.0/docs/readme.txt", 1_000, 12);
        var output = directory.Combine("tr.torrent");
        var created = await ChildProcess.RunAsync(transmission, ["-o", output, "-s", "32", "-c", "comment é", "-t", "http://127.0.0.1:1/announce", directory.Combine("release 1.0")], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(created.ExitCode == 0, created.Output);

        var torrent = TorrentInfo.Load(output);
        var result = await RunAsync(python, ["read", output]);
        Assert.Equal(Expected(result, "v1"), torrent.InfoHashes.V1!.Value.ToHex());
        Assert.Equal(["release 1.0/app.bin", "release 1.0/docs/readme.txt"], torrent.Files.Select(f => f.PathString));
        Assert.Equal("comment é", torrent.Comment);
        Assert.StartsWith("Transmission", torrent.CreatedBy, StringComparison.Ordinal);
        Assert.NotNull(torrent.CreationDate);
        Assert.False(torrent.IsPrivate);
    }

    private static async Task<ProcessResult> RunAsync(string python, string[] arguments)
    {
        var result = await ChildProcess.RunAsync(python, ["-c", Script, .. arguments], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Output);
        return result;
    }

    private static string Expected(ProcessResult result, string key)
    {
        var line = result.Output.Split('\n').Single(l => l.StartsWith(key + "=", StringComparison.Ordinal));
        return line[(key.Length + 1)..].Trim();
    }
}
