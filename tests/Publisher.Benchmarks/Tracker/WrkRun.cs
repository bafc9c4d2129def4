using System.Globalization;
using Publisher.TestSupport;

namespace Publisher.Benchmarks.Tracker;

/// <summary>One wrk run and the figures read from its report.</summary>
internal sealed record WrkRun(double RequestsPerSecond, double P99Milliseconds, string Report)
{
    public static async Task<WrkRun?> RunAsync(string wrk, string script, Uri target, int seconds, CancellationToken cancellationToken)
    {
        var result = await ChildProcess.RunAsync(
            wrk,
            ["-t2", "-c64", $"-d{seconds}s", "--latency", "-s", script, target.ToString()],
            TimeSpan.FromSeconds(seconds + 60),
            cancellationToken);
        if (result.ExitCode != 0)
        {
            Console.Error.WriteLine($"wrk failed ({result.ExitCode}):\n{result.Output}");
            return null;
        }

        double rps = 0;
        double p99 = 0;
        foreach (var raw in result.Output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Requests/sec:", StringComparison.Ordinal))
            {
                rps = double.Parse(line["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("99%", StringComparison.Ordinal))
            {
                p99 = ParseDuration(line[3..].Trim());
            }
        }

        return new WrkRun(rps, p99, result.Output);
    }

    private static double ParseDuration(string text)
    {
        var (scale, suffix) = text.EndsWith("us", StringComparison.Ordinal) ? (0.001, 2)
            : text.EndsWith("ms", StringComparison.Ordinal) ? (1.0, 2)
            : text.EndsWith('m') ? (60_000.0, 1)
            : (1000.0, 1);
        return double.Parse(text[..^suffix], CultureInfo.InvariantCulture) * scale;
    }
}
