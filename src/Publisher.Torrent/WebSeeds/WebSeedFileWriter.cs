using Microsoft.Win32.SafeHandles;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Writes verified piece-space bytes straight into the torrent's files below a directory with positional writes
/// (<see cref="RandomAccess.Write(SafeFileHandle, ReadOnlySpan{byte}, long)"/>): no temporary copies, pad files
/// skipped. <see cref="Prepare"/> creates every file at its final size (sparse where the file system allows).
/// Paths go through <see cref="TorrentFilePaths"/>, so nothing is written outside the directory. Thread-safe: writes
/// to one file take turns behind an async gate (the kernel serialises them on the file anyway, and a writer waiting
/// inside the kernel spins on a CPU that could be hashing); each file's handle stays open until the file is
/// complete (at most <see cref="MaxOpenFiles"/> at once; beyond that a write opens its own handle).
/// </summary>
internal sealed class WebSeedFileWriter : IDisposable
{
    /// <summary>Handles kept open at once; a torrent of more files opens a handle per write for the rest.</summary>
    public const int MaxOpenFiles = 64;

    private readonly TorrentInfo _torrent;
    private readonly string?[] _paths;
    private readonly SemaphoreSlim?[] _gates;
    private readonly SafeFileHandle?[] _handles;
    private readonly long[] _written;
    private int _open;

    public WebSeedFileWriter(TorrentInfo torrent, string directory)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _torrent = torrent;
        _paths = new string?[torrent.Files.Count];
        _gates = new SemaphoreSlim?[torrent.Files.Count];
        _handles = new SafeFileHandle?[torrent.Files.Count];
        _written = new long[torrent.Files.Count];
        for (var i = 0; i < _paths.Length; i++)
        {
            if (!torrent.Files[i].IsPadFile)
            {
                _paths[i] = TorrentFilePaths.GetFullPath(directory, torrent.Files[i]);
            }
        }
    }

    /// <summary>True when at least one of the torrent's real files exists below the directory.</summary>
    public bool AnyFileExists()
    {
        foreach (var path in _paths)
        {
            if (path is not null && File.Exists(path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates folders and files, each set to its length (existing data is kept).</summary>
    public void Prepare()
    {
        for (var i = 0; i < _paths.Length; i++)
        {
            if (_paths[i] is not { } path)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            if (RandomAccess.GetLength(handle) != _torrent.Files[i].Length)
            {
                RandomAccess.SetLength(handle, _torrent.Files[i].Length);
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> at piece-space offset <paramref name="offset"/>.</summary>
    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var files = _torrent.Files;
        var index = WebSeedRangePlanner.FileAt(files, offset);
        while (!data.IsEmpty)
        {
            var file = files[index];
            var inFile = offset - file.Offset;
            var count = (int)Math.Min(data.Length, file.Length - inFile);
            if (count > 0)
            {
                if (_paths[index] is not null)
                {
                    await WriteFileAsync(index, inFile, data[..count], cancellationToken).ConfigureAwait(false);
                }

                data = data[count..];
                offset += count;
            }

            index++;
        }
    }

    /// <summary>Closes the handles still open.</summary>
    public void Dispose()
    {
        for (var i = 0; i < _handles.Length; i++)
        {
            _handles[i]?.Dispose();
            _handles[i] = null;
            _gates[i]?.Dispose();
        }
    }

    private async ValueTask WriteFileAsync(int index, long inFile, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var gate = Volatile.Read(ref _gates[index]);
        if (gate is null)
        {
            var created = new SemaphoreSlim(1, 1);
            gate = Interlocked.CompareExchange(ref _gates[index], created, null) ?? created;
            if (gate != created)
            {
                created.Dispose();
            }
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var handle = _handles[index];
            var ownHandle = handle is null;
            handle ??= File.OpenHandle(_paths[index]!, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            if (ownHandle && Interlocked.Increment(ref _open) <= MaxOpenFiles)
            {
                _handles[index] = handle;
                ownHandle = false;
            }
            else if (ownHandle)
            {
                Interlocked.Decrement(ref _open);
            }

            try
            {
                RandomAccess.Write(handle, data.Span, inFile);
            }
            finally
            {
                if (ownHandle)
                {
                    handle.Dispose();
                }
            }

            _written[index] += data.Length;
            if (_written[index] >= _torrent.Files[index].Length && _handles[index] is { } complete)
            {
                complete.Dispose();
                _handles[index] = null;
                Interlocked.Decrement(ref _open);
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
