using Microsoft.Win32.SafeHandles;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.Storage;

/// <summary>
/// Write handles to a torrent's files, at most <see cref="ProtocolLimits.MaxOpenFilesPerTorrent"/> open at once
/// (the least recently used is closed). Files are created on first use with their final length (sparse where the
/// file system allows). Thread-safe.
/// </summary>
internal sealed class FileHandleCache(StorageLayout layout, string directory, int capacity = ProtocolLimits.MaxOpenFilesPerTorrent) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, LinkedListNode<(int File, SafeFileHandle Handle)>> _open = [];
    private readonly LinkedList<(int File, SafeFileHandle Handle)> _recent = new();

    /// <summary>Handles currently open.</summary>
    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> at stream offset <paramref name="offset"/>; pad files are skipped.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var file = layout.FileAt(offset);
            var entry = layout.Files[file];
            var inFile = offset - layout.Offsets[file];
            var count = (int)Math.Min(data.Length, entry.Length - inFile);
            if (count <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), "The range runs past the end of the torrent.");
            }

            if (!entry.IsPadding)
            {
                lock (_gate)
                {
                    RandomAccess.Write(Get(file), data[..count], inFile);
                }
            }

            data = data[count..];
            offset += count;
        }
    }

    /// <summary>Creates every data file missing below the directory with its final length (empty files included).</summary>
    public void Preallocate()
    {
        for (var i = 0; i < layout.Files.Count; i++)
        {
            if (!layout.Files[i].IsPadding)
            {
                lock (_gate)
                {
                    Get(i);
                }
            }
        }
    }

    /// <summary>Flushes file data to the disk (before the resume file records pieces as written).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (var entry in _recent)
            {
                RandomAccess.FlushToDisk(entry.Handle);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _recent)
            {
                entry.Handle.Dispose();
            }

            _recent.Clear();
            _open.Clear();
        }
    }

    private SafeFileHandle Get(int file)
    {
        if (_open.TryGetValue(file, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Handle;
        }

        if (_open.Count >= capacity)
        {
            var last = _recent.Last!;
            _recent.RemoveLast();
            _open.Remove(last.Value.File);
            last.Value.Handle.Dispose();
        }

        var entry = layout.Files[file];
        var path = TorrentFilePaths.GetFullPath(directory, entry.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        if (RandomAccess.GetLength(handle) != entry.Length)
        {
            RandomAccess.SetLength(handle, entry.Length);
        }

        node = _recent.AddFirst((file, handle));
        _open[file] = node;
        return handle;
    }
}
