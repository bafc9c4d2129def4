using System.Runtime.InteropServices;
using System.Text;

namespace Publisher.Storage.Local;

/// <summary>
/// The file type of a path without following a final symbolic link (Linux <c>statx</c> with
/// <c>AT_SYMLINK_NOFOLLOW</c>). .NET exposes links and directories but not FIFOs, sockets or devices, which it reports
/// as ordinary files (and opening a FIFO blocks until a writer appears), so telling them apart needs the system call.
/// <c>struct statx</c> has the same layout on every Linux architecture, unlike <c>struct stat</c>.
/// </summary>
internal static class UnixFileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int NoSuchSystemCall = 38;

    /// <summary>
    /// True when <paramref name="path"/> is a regular file, false when it is missing or anything else (link, FIFO,
    /// socket, device, directory); null when the system cannot tell (not Linux, or no <c>statx</c>).
    /// </summary>
    public static bool? IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var name = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, name);
        var buffer = new byte[StatxSize];
        int result;
        try
        {
            result = Statx(AtFdCwd, name, AtSymlinkNoFollow, StatxType, buffer);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        if (result != 0)
        {
            return Marshal.GetLastPInvokeError() == NoSuchSystemCall ? null : false;
        }

        var mask = MemoryMarshal.Read<uint>(buffer);
        if ((mask & StatxType) == 0)
        {
            return null;
        }

        var mode = MemoryMarshal.Read<ushort>(buffer.AsSpan(ModeOffset));
        return (mode & TypeMask) == RegularFile;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, byte[] buffer);
}
