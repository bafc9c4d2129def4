using Microsoft.Win32.SafeHandles;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.Storage;

/// <summary>
/// Reads any range of a torrent's stream from the files below a directory: ranges that span files are
/// stitched together, padding reads as zeros. Missing, short or unreadable files are not exceptions: the
/// read says it was incomplete (and those bytes are zeros). Keeps one file open; not thread-safe, so use
/// one reader per thread.
/// </summary>
internal sealed class PieceReader(StorageLayout layout, string directory) : IDisposable
{
    private SafeFileHandle? _handle;
    private int _handleFile = -1;

    /// <summary>Fills <paramref name="destination"/> from stream offset <paramref name="offset"/>; false when some bytes were not on disk.</summary>
    public bool Read(long offset, Span<byte> destination)
    {
        var complete = true;
        while (!destination.IsEmpty)
        {
            var file = layout.FileAt(offset);
            var entry = layout.Files[file];
            var inFile = offset - layout.Offsets[file];
            int count;
            if (inFile < entry.Length)
            {
                count = (int)Math.Min(destination.Length, entry.Length - inFile);
                if (entry.IsPadding)
                {
                    destination[..count].Clear();
                }
                else if (!ReadFile(file, inFile, destination[..count]))
                {
                    complete = false;
                }
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(offset), "The range runs past the end of the torrent.");
            }

            destination = destination[count..];
            offset += count;
        }

        return complete;
    }

    public void Dispose()
    {
        _handle?.Dispose();
        _handle = null;
    }

    private bool ReadFile(int file, long fileOffset, Span<byte> destination)
    {
        var handle = Open(file);
        if (handle is null)
        {
            destination.Clear();
            return false;
        }

        while (!destination.IsEmpty)
        {
            int read;
            try
            {
                read = RandomAccess.Read(handle, destination, fileOffset);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                destination.Clear();
                return false;
            }

            destination = destination[read..];
            fileOffset += read;
        }

        return true;
    }

    private SafeFileHandle? Open(int file)
    {
        if (_handleFile == file)
        {
            return _handle;
        }

        Dispose();
        _handleFile = file;
        try
        {
            _handle = File.OpenHandle(TorrentFilePaths.GetFullPath(directory, layout.Files[file].Path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            _handle = null;
        }

        return _handle;
    }
}
