using System.Net.Sockets;
using Publisher.TestSupport;

namespace Publisher.Benchmarks.Tracker;

/// <summary>
/// Debian's opentracker on 127.0.0.1 (TCP and UDP on one port), chrooted into a world-readable temp directory whose
/// whitelist holds the benchmark's info hashes (its build refuses any other).
/// </summary>
internal sealed class OpenTrackerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly TempDirectory _directory;

    private OpenTrackerProcess(ChildProcess process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<OpenTrackerProcess?> StartAsync(byte[][] hashes, CancellationToken cancellationToken)
    {
        var program = ExternalTool.Find("opentracker");
        if (program is null || OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine("opentracker not found: apt-get install opentracker");
            return null;
        }

        var directory = new TempDirectory("opentracker");
        var lines = new string[hashes.Length];
        for (var i = 0; i < hashes.Length; i++)
        {
            lines[i] = Convert.ToHexStringLower(hashes[i]);
        }

        var whitelist = directory.Combine("whitelist.txt");
        await File.WriteAllLinesAsync(whitelist, lines, cancellationToken);
        const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(whitelist, Readable);
        File.SetUnixFileMode(directory.Path, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var port = LoopbackPort.GetFreeTcpPort();
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = ChildProcess.Start(program, ["-i", "127.0.0.1", "-p", portText, "-P", portText, "-d", directory.Path, "-w", "/whitelist.txt", "-A", "127.0.0.1"]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, cancellationToken);
                return new OpenTrackerProcess(process, directory, port);
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        Console.Error.WriteLine("opentracker did not start:\n" + process.Output);
        await process.DisposeAsync();
        directory.Dispose();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
