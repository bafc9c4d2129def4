using System.Net;
using System.Net.Sockets;
using Publisher.TestSupport;

namespace Publisher.Interop.Tests.Trackers;

/// <summary>
/// A real opentracker on 127.0.0.1 (TCP and UDP on one port), with a whitelist of <see cref="WhitelistedHashes"/>.
/// It chroots into a world-readable temp directory and drops to nobody; killed on dispose.
/// </summary>
public sealed class OpentrackerFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly ChildProcess _process;

    private OpentrackerFixture(TempDirectory directory, ChildProcess process, int port, byte[][] hashes)
    {
        _directory = directory;
        _process = process;
        Port = port;
        WhitelistedHashes = hashes;
    }

    public int Port { get; }

    public byte[][] WhitelistedHashes { get; }

    public Uri HttpAnnounce => new($"http://127.0.0.1:{Port}/announce");

    public Uri UdpAnnounce => new($"udp://127.0.0.1:{Port}/announce");

    public string Output => _process.Output;

    /// <summary>Starts opentracker with <paramref name="hashCount"/> random whitelisted info hashes and waits until it accepts connections.</summary>
    public static Task<OpentrackerFixture> StartAsync(int hashCount, CancellationToken cancellationToken)
        => StartAsync(hashCount, [], cancellationToken);

    /// <summary>
    /// Starts opentracker whitelisting <paramref name="knownHashes"/> (e.g. a torrent a test made) followed by
    /// <paramref name="hashCount"/> random ones, and waits until it accepts announces.
    /// </summary>
    public static async Task<OpentrackerFixture> StartAsync(int hashCount, IReadOnlyList<byte[]> knownHashes, CancellationToken cancellationToken)
    {
        var program = ExternalTool.Require("opentracker", "opentracker");
        var directory = new TempDirectory("opentracker");
        // One more hash than asked for: the readiness probe announces it.
        var hashes = new byte[knownHashes.Count + hashCount + 1][];
        var lines = new List<string>();
        for (var i = 0; i < hashes.Length; i++)
        {
            if (i < knownHashes.Count)
            {
                hashes[i] = knownHashes[i];
            }
            else
            {
                hashes[i] = new byte[20];
                Random.Shared.NextBytes(hashes[i]);
            }

            lines.Add(Convert.ToHexStringLower(hashes[i]));
        }

        var whitelist = directory.Combine("whitelist.txt");
        await File.WriteAllLinesAsync(whitelist, lines, cancellationToken);
        // opentracker drops root to nobody inside the chroot: the directory and the list must be world-readable.
        if (OperatingSystem.IsWindows())
        {
            ExternalTool.Unavailable("opentracker runs on Linux only.");
            return null!;
        }

        File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(whitelist, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var port = LoopbackPort.GetFreeTcpPort();
        var process = ChildProcess.Start(program, ["-i", "127.0.0.1", "-p", port.ToString(), "-P", port.ToString(), "-d", directory.Path, "-w", "/whitelist.txt", "-A", "127.0.0.1"]);
        var fixture = new OpentrackerFixture(directory, process, port, hashes[..^1]);
        try
        {
            await WaitForPortAsync(port, process, cancellationToken);
            await WaitForWhitelistAsync(port, hashes[^1], process, cancellationToken);
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }

        return fixture;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>
    /// opentracker loads its whitelist on a thread of its own after it starts listening, so announces right after
    /// start are "not authorized": announce a whitelisted probe hash until it is accepted.
    /// </summary>
    private static async Task WaitForWhitelistAsync(int port, byte[] probeHash, ChildProcess process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{port}/announce?info_hash={string.Concat(probeHash.Select(b => $"%{b:X2}"))}"
            + "&peer_id=-PB0001-probeprobepr&port=1&uploaded=0&downloaded=0&left=0&compact=1&numwant=0";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var body = await http.GetStringAsync(new Uri(url), cancellationToken);
            if (!body.Contains("failure reason", StringComparison.Ordinal))
            {
                return;
            }

            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                throw new InvalidOperationException($"opentracker never accepted a whitelisted hash: {body}. Output:\n{process.Output}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task WaitForPortAsync(int port, ChildProcess process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"opentracker did not listen on {port}: {exception.Message}. Output:\n{process.Output}", exception);
            }
        }
    }
}
