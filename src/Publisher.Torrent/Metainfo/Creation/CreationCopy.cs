using Microsoft.Win32.SafeHandles;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// Writes the files being hashed to a second place from the hashing workers' own buffers
/// (<see cref="TorrentBuilderOptions.CopyDestination"/>), so a publish reads its files once. In padded layouts
/// (v2, hybrid) every file starts on a piece boundary, so each chunk's part of a file starts on a
/// <see cref="DirectIo.Alignment"/> boundary and is written unbuffered (O_DIRECT) from the aligned chunk buffer:
/// no copy through the page cache. A file's last block is written whole and the file then cut to its length.
/// v1 layouts, and file systems without O_DIRECT, get ordinary positional writes. The chunks are written by one
/// writer in stream order (<see cref="RunWriter"/>): measured on ext4, parallel out-of-order direct writes into
/// preallocated space serialize on converting its extents and ran at about half the speed of sequential ones,
/// which left the hashing threads waiting. Each file is opened on its first write and closed (cut to length and
/// flushed to disk) after its last byte.
/// </summary>
internal sealed partial class CreationCopy : IDisposable
{
    private readonly CreationLayout _layout;
    private readonly Target[] _targets;

    private CreationCopy(CreationLayout layout, string[] paths)
    {
        _layout = layout;
        _pending = [];
        _targets = new Target[paths.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            _targets[i] = new Target(paths[i], layout.Files[i].Length);
        }
    }

    /// <summary>True when chunk buffers must be aligned (and <see cref="Write"/> may read up to one block past the data).</summary>
    public bool WantsAlignedBuffers => _layout.HasV2;

    /// <summary>
    /// Creates the folders and the empty files under <paramref name="destination"/> (one per source file, at its
    /// path inside the torrent, <paramref name="torrentName"/> first), replacing files already there.
    /// </summary>
    /// <exception cref="TorrentCreationException">A path would leave the destination, or it cannot be written.</exception>
    public static CreationCopy Create(CreationLayout layout, string torrentName, bool isDirectory, string destination)
    {
        var root = Path.GetFullPath(destination);
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var paths = new string[layout.Files.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            var path = isDirectory ? Path.Combine(root, torrentName) : root;
            foreach (var component in layout.Files[i].PathComponents)
            {
                path = Path.Combine(path, component);
            }

            path = Path.GetFullPath(path);
            if (!path.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            {
                throw new TorrentCreationException($"'{layout.Files[i].FullPath}' would be copied outside '{root}'.");
            }

            paths[i] = path;
        }

        var copy = new CreationCopy(layout, paths);
        for (var i = 0; i < paths.Length; i++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(paths[i])!);
                using var created = File.OpenHandle(paths[i], FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, layout.Files[i].Length);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new TorrentCreationException($"Cannot write '{paths[i]}': {error.Message}", error);
            }
        }

        return copy;
    }

    /// <summary>
    /// Writes the files' bytes among the first <paramref name="length"/> bytes of <paramref name="buffer"/>, the
    /// stream from <paramref name="streamStart"/> (padding is skipped). With <see cref="WantsAlignedBuffers"/> the
    /// buffer must be aligned and hold at least <see cref="DirectIo.Alignment"/> bytes more than
    /// <paramref name="length"/>: a file's last block is written whole from it.
    /// </summary>
    private void Write(long streamStart, ReadOnlySpan<byte> buffer, int length)
    {
        var offset = streamStart;
        var end = streamStart + length;
        while (offset < end)
        {
            var file = _layout.FileAt(offset);
            var fileLength = _layout.Files[file].Length;
            var inFile = offset - _layout.Offsets[file];
            if (inFile >= fileLength)
            {
                // Padding after the file: nothing to copy.
                offset = _layout.Offsets[file] + fileLength + _layout.Padding[file];
                continue;
            }

            var count = (int)Math.Min(end - offset, fileLength - inFile);
            WriteFile(file, inFile, buffer[(int)(offset - streamStart)..], count);
            offset += count;
        }
    }

    /// <summary>Closes files still open (after a failure or cancellation; their content is then incomplete).</summary>
    public void Dispose()
    {
        foreach (var target in _targets)
        {
            target.Handle?.Dispose();
            target.Handle = null;
        }

        _arrivals.Dispose();
        _freeSlots?.Dispose();
    }

    private void WriteFile(int file, long inFile, ReadOnlySpan<byte> from, int count)
    {
        var target = _targets[file];
        try
        {
            if (target.Handle is null)
            {
                target.Handle = File.OpenHandle(target.Path, FileMode.Open, FileAccess.Write, FileShare.None);

                // Unbuffered only where every write can be aligned: padded layouts start each file on a piece.
                target.Direct = WantsAlignedBuffers && DirectIo.TryEnable(target.Handle);
            }

            // Unbuffered, the file's last block is written whole (what follows the data in the buffer is cut off below).
            var write = target.Direct ? (count + DirectIo.Alignment - 1) / DirectIo.Alignment * DirectIo.Alignment : count;
            RandomAccess.Write(target.Handle, from[..write], inFile);
            target.Remaining -= count;
            if (target.Remaining == 0)
            {
                if (target.Direct && target.Length % DirectIo.Alignment != 0)
                {
                    RandomAccess.SetLength(target.Handle, target.Length);
                }

                // Durable before CreateAsync returns, and flushed here, while the workers hash the next file, rather
                // than by whoever takes the copy over (a service registering a release fsyncs it again, then cheaply).
                RandomAccess.FlushToDisk(target.Handle);
                target.Handle.Dispose();
                target.Handle = null;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new TorrentCreationException($"Cannot write '{target.Path}': {error.Message}", error);
        }
    }

    private sealed class Target(string path, long length)
    {
        public string Path { get; } = path;

        public long Length { get; } = length;

        public long Remaining { get; set; } = length;

        public SafeFileHandle? Handle { get; set; }

        public bool Direct { get; set; }
    }
}
