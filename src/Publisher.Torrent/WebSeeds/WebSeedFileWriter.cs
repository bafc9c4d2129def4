using Microsoft.Win32.SafeHandles;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Writes verified piece-space bytes straight into the torrent's files below a directory with positional writes
/// (<see cref="RandomAccess.Write(SafeFileHandle, ReadOnlySpan{byte}, long)"/>): no temporary copies, pad files
/// skipped. <see cref="Prepare"/> creates every file at its final size (sparse where the file system allows).
/// Paths go through <see cref="TorrentFilePaths"/>, so nothing is written outside the directory. Thread-safe:
/// every write opens its own handle.
/// </summary>
internal sealed class WebSeedFileWriter
{
    private readonly TorrentInfo _torrent;
    private readonly string?[] _paths;

    public WebSeedFileWriter(TorrentInfo torrent, string directory)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _torrent = torrent;
        _paths = new string?[torrent.Files.Count];
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
    public void Write(long offset, ReadOnlySpan<byte> data)
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
                if (_paths[index] is { } path)
                {
                    using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                    RandomAccess.Write(handle, data[..count], inFile);
                }

                data = data[count..];
                offset += count;
            }

            index++;
        }
    }
}
