using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Publisher.IO;

/// <summary>
/// Unbuffered (O_DIRECT) writes on Linux; one source file compiled into Publisher.Storage (blob puts) and
/// Publisher.Torrent (torrent creation copying files as it hashes them). Writing a fresh file through the page cache costs the CPU a copy into newly
/// allocated pages (measured on the 2-core CI VMs: 1.15 CPU-s per GiB, more than hashing it), while O_DIRECT lets the
/// disk take the bytes from our own buffer (0.09 CPU-s per GiB). Writes must then start and end on
/// <see cref="Alignment"/> boundaries from aligned memory.
/// </summary>
internal static class DirectIo
{
    /// <summary>Offsets, lengths and buffer addresses of direct writes are multiples of this.</summary>
    public const int Alignment = 4096;

    private const int HugePage = 2 * 1024 * 1024;
    private const int AdviseHugePage = 14;
    private const int GetFlags = 3;
    private const int SetFlags = 4;

    /// <summary>Turns on O_DIRECT for <paramref name="handle"/>; false where unsupported (other OS, tmpfs, ...).</summary>
    public static bool TryEnable(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var direct = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.X86 => 0x4000,
            Architecture.Arm64 or Architecture.Arm => 0x10000,
            _ => 0,
        };
        if (direct == 0)
        {
            return false;
        }

        var flags = Fcntl(handle, GetFlags, 0);
        return flags >= 0 && Fcntl(handle, SetFlags, flags | direct) == 0;
    }

    /// <summary>
    /// A pinned buffer of <paramref name="length"/> bytes whose start is aligned to <see cref="Alignment"/>. Buffers of
    /// 2 MiB or more start on a 2 MiB boundary and are advised to use transparent huge pages on Linux: every
    /// unbuffered write pins the buffer's pages in the kernel, and pinning 2 MiB pages instead of 4 KiB ones
    /// measured about 0.1 CPU-s less per GiB written (torrent creation copying 4 GiB: system time 0.7 -> 0.5 s).
    /// </summary>
    public static Memory<byte> AllocateAligned(int length)
    {
        var alignment = length >= HugePage ? HugePage : Alignment;
        var array = GC.AllocateUninitializedArray<byte>(length + alignment, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0).ToInt64();
        var offset = (int)((alignment - (address % alignment)) % alignment);
        if (alignment == HugePage && OperatingSystem.IsLinux())
        {
            // Advice only: where huge pages are off or unavailable the buffer simply uses small pages.
            _ = Madvise(new IntPtr(address + offset), new IntPtr((long)length / HugePage * HugePage), AdviseHugePage);
        }

        return array.AsMemory(offset, length);
    }

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(IntPtr address, IntPtr length, int advice);

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(SafeFileHandle descriptor, int command, int argument);
}
