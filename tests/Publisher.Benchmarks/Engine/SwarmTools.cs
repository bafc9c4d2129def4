using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Publisher.Benchmarks.Engine;

/// <summary>What the swarm benchmarks share: child processes with line callbacks, peak RSS, free ports, payloads, the CLI's path.</summary>
internal static class SwarmTools
{
    public static Process Start(string[] command, Action<string> onLine)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        for (var i = 1; i < command.Length; i++)
        {
            info.ArgumentList.Add(command[i]);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { onLine(line); } };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>VmHWM (peak resident set) of a running process, in bytes; 0 when unreadable.</summary>
    public static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var digits = line.AsSpan(6).Trim().TrimEnd("kB").Trim();
                    return long.Parse(digits, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static void WriteRandom(string path, long length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var buffer = new byte[1 << 20];
        var random = new Random(1);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        for (long done = 0; done < length; done += buffer.Length)
        {
            random.NextBytes(buffer);
            stream.Write(buffer, 0, (int)Math.Min(buffer.Length, length - done));
        }
    }

    public static string FindCli()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Publisher.sln")))
        {
            directory = directory.Parent;
        }

        var cli = directory is null ? null : Path.Combine(directory.FullName, "src", "Publisher.Cli", "bin", "Release", "net10.0", "Publisher.Cli.dll");
        if (cli is null || !File.Exists(cli))
        {
            throw new FileNotFoundException("Build the CLI first: dotnet build -c Release src/Publisher.Cli");
        }

        return cli;
    }
}
