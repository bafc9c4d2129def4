using Xunit;

namespace Publisher.TestSupport;

/// <summary>
/// Finds a third-party program an interop test needs. When it is missing the test is skipped with a
/// message naming the Debian (or npm) package that provides it, unless <c>PUBLISHER_REQUIRE_INTEROP=1</c>
/// (set by <c>.ci/run</c>), in which case the test fails: CI must never pass by skipping.
/// </summary>
public static class ExternalTool
{
    /// <summary>The environment variable that turns a missing tool from a skip into a failure.</summary>
    public const string RequireVariable = "PUBLISHER_REQUIRE_INTEROP";

    /// <summary>True when missing tools must fail tests instead of skipping them.</summary>
    public static bool InteropRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// Returns the full path of <paramref name="program"/> (searched on PATH, or taken as is when it is
    /// an absolute path), or skips/fails the calling test naming <paramref name="package"/>.
    /// </summary>
    public static string Require(string program, string package)
    {
        var path = Find(program);
        if (path is not null)
        {
            return path;
        }

        Unavailable($"'{program}' was not found; install the '{package}' package (apt-get install {package}).");
        return null!; // unreachable: Unavailable always throws
    }

    /// <summary>
    /// Returns Debian's <c>/usr/bin/python3</c> after checking that <c>import libtorrent</c> works there,
    /// or skips/fails naming <c>python3-libtorrent</c>.
    /// </summary>
    public static string RequireLibtorrentPython()
    {
        const string python = "/usr/bin/python3";
        if (File.Exists(python))
        {
            var result = ChildProcess.RunAsync(python, ["-c", "import libtorrent; print(libtorrent.__version__)"], TimeSpan.FromSeconds(30), CancellationToken.None)
                .GetAwaiter().GetResult();
            if (result.ExitCode == 0)
            {
                return python;
            }
        }

        Unavailable("libtorrent for /usr/bin/python3 was not found; install the 'python3-libtorrent' package (apt-get install python3-libtorrent).");
        return null!;
    }

    /// <summary>Skips the test, or fails it when interop is required, with <paramref name="message"/>.</summary>
    public static void Unavailable(string message)
    {
        if (InteropRequired)
        {
            Assert.Fail($"{message} ({RequireVariable}=1, so a missing tool is a failure.)");
        }

        Assert.Skip(message);
    }

    /// <summary>Looks a program up on PATH; null when it is not there.</summary>
    public static string? Find(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // sbin directories are not always on a non-root PATH (opentracker lives in /usr/bin, but be safe).
        foreach (var directory in new[] { "/usr/sbin", "/sbin", "/usr/local/sbin" })
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
