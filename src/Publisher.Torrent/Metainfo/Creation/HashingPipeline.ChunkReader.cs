using Microsoft.Win32.SafeHandles;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>The file-reading half of <see cref="HashingPipeline"/>.</summary>
internal sealed partial class HashingPipeline
{
    /// <summary>Fills a chunk of the stream from the files (zeros for padding); keeps one file open at a time.</summary>
    private sealed class ChunkReader(CreationLayout layout) : IDisposable
    {
        private SafeFileHandle? _handle;
        private int _handleFile = -1;

        public void Fill(long start, Span<byte> destination)
        {
            var offset = start;
            while (!destination.IsEmpty)
            {
                var file = layout.FileAt(offset);
                var source = layout.Files[file];
                var inFile = offset - layout.Offsets[file];
                int count;
                if (inFile < source.Length)
                {
                    count = (int)Math.Min(destination.Length, source.Length - inFile);
                    Read(file, inFile, destination[..count]);
                }
                else
                {
                    count = (int)Math.Min(destination.Length, source.Length + layout.Padding[file] - inFile);
                    destination[..count].Clear();
                }

                destination = destination[count..];
                offset += count;
            }
        }

        public void Dispose() => _handle?.Dispose();

        private void Read(int file, long fileOffset, Span<byte> destination)
        {
            var source = layout.Files[file];
            var handle = Open(file);
            var end = fileOffset + destination.Length;
            while (!destination.IsEmpty)
            {
                int read;
                try
                {
                    read = RandomAccess.Read(handle, destination, fileOffset);
                }
                catch (IOException error)
                {
                    throw new TorrentCreationException($"Cannot read '{source.FullPath}': {error.Message}", error);
                }

                if (read == 0)
                {
                    throw Changed(source);
                }

                destination = destination[read..];
                fileOffset += read;
            }

            if (end == source.Length && RandomAccess.GetLength(handle) != source.Length)
            {
                throw Changed(source);
            }
        }

        private SafeFileHandle Open(int file)
        {
            if (_handleFile == file && _handle is not null)
            {
                return _handle;
            }

            _handle?.Dispose();
            _handle = null;
            var source = layout.Files[file];
            try
            {
                _handle = File.OpenHandle(source.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new TorrentCreationException($"Cannot read '{source.FullPath}': {error.Message}", error);
            }

            _handleFile = file;
            return _handle;
        }

        private static TorrentCreationException Changed(SourceFile source) =>
            new($"'{source.FullPath}' changed size while it was being hashed (expected {source.Length} bytes); try again when it is complete.");
    }
}
