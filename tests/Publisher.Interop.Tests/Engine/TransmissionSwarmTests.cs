using System.Globalization;
using System.Net;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.Engine;

/// <summary>Our engine and Transmission (transmission-cli 3, v1 torrents) exchange a torrent over loopback.</summary>
public sealed class TransmissionSwarmTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task TransmissionLeecher_OurSeedDialsIt_GetsIdenticalBytes()
    {
        var transmission = ExternalTool.Require("transmission-cli", "transmission-cli");
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await LibtorrentSwarmTests.CreateAsync(temp, TorrentFormat.V1);
        var port = LoopbackPort.GetFreeTcpPort();
        await using var leecher = ChildProcess.Start(transmission, Arguments(temp, "tr-out", port, torrentPath));
        await using var engine = LibtorrentSwarmTests.LoopbackEngine();
        var seed = await engine.AddAsync(torrent, temp.Path, new TorrentOptions { InitialPeers = [new IPEndPoint(IPAddress.Loopback, port)] }, ct);
        await WaitForIdenticalAsync(source, temp.Combine("tr-out", "payload"), leecher);
        Assert.True(seed.Statistics.UploadedToPeers >= torrent.PayloadSize);
    }

    [Fact]
    public async Task OurLeecher_FromTransmissionSeed_IsByteIdentical()
    {
        var transmission = ExternalTool.Require("transmission-cli", "transmission-cli");
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var (source, torrentPath, torrent) = await LibtorrentSwarmTests.CreateAsync(temp, TorrentFormat.V1);
        var port = LoopbackPort.GetFreeTcpPort();
        await using var seed = ChildProcess.Start(transmission, Arguments(temp, ".", port, torrentPath));
        await using var engine = LibtorrentSwarmTests.LoopbackEngine();
        var handle = await engine.AddAsync(torrent, temp.Combine("out"), new TorrentOptions { InitialPeers = [new IPEndPoint(IPAddress.Loopback, port)] }, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await handle.WaitForCompletionAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"no completion; transmission said:\n{seed.Output}");
        }

        LibtorrentSwarmTests.AssertSameTree(source, temp.Combine("out", "payload"));
    }

    private static string[] Arguments(TempDirectory temp, string downloadDirectory, int port, string torrentPath)
    {
        var directory = downloadDirectory == "." ? temp.Path : temp.Combine(downloadDirectory);
        Directory.CreateDirectory(directory);
        return ["-g", temp.Combine("tr-config-" + port.ToString(CultureInfo.InvariantCulture)), "-w", directory, "-p", port.ToString(CultureInfo.InvariantCulture), "-et", "-M", "-U", "-D", torrentPath];
    }

    private static async Task WaitForIdenticalAsync(string expected, string actual, ChildProcess process)
    {
        var ct = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        while (!Same(expected, actual))
        {
            if (timeout.IsCancellationRequested || process.HasExited)
            {
                Assert.Fail($"transmission did not finish; it said:\n{process.Output}");
            }

            await Task.Delay(250, CancellationToken.None);
        }
    }

    private static bool Same(string expected, string actual)
    {
        foreach (var file in Directory.GetFiles(expected, "*", SearchOption.AllDirectories))
        {
            var other = Path.Combine(actual, Path.GetRelativePath(expected, file));
            if (!File.Exists(other) || new FileInfo(other).Length != new FileInfo(file).Length
                || !File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(other)))
            {
                return false;
            }
        }

        return true;
    }
}
