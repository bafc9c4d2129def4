using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Publisher.Benchmarks.Creation;

/// <summary>
/// CPU seconds (user + system) used by this process and by its finished children. On a shared, loaded
/// machine wall-clock speeds swing with the neighbours; CPU seconds per byte are the steadier comparison.
/// </summary>
internal static partial class CpuClock
{
    private const int RusageChildren = -1;

    /// <summary>CPU seconds used so far by this process (all threads).</summary>
    public static double Self()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>CPU seconds used by children that have exited and been waited for; NaN where unavailable.</summary>
    public static double Children()
    {
        if (!OperatingSystem.IsLinux())
        {
            return double.NaN;
        }

        return GetRusage(RusageChildren, out var usage) == 0
            ? usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6)
            : double.NaN;
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRusage(int who, out Rusage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NvCsw;
        public long NivCsw;
    }
}
