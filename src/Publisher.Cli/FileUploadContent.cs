using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Win32.SafeHandles;

namespace Publisher.Cli;

/// <summary>
/// A request body that is one file (or a range of it), read with positional reads into one pooled buffer and
/// written straight to the connection: no FileStream buffer, no second copy. Reports each chunk sent, and fails
/// with <see cref="IOException"/> when the file is shorter than announced (it changed during the upload).
/// </summary>
internal sealed class FileUploadContent : HttpContent
{
    private const int ChunkBytes = 1 << 20;
    private readonly string _path;
    private readonly long _offset;
    private readonly long _length;
    private readonly Action<long>? _sent;

    public FileUploadContent(string path, long offset, long length, Action<long>? sent)
    {
        _path = path;
        _offset = offset;
        _length = length;
        _sent = sent;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Headers.ContentLength = length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkBytes, Math.Max(_length, 1)));
        try
        {
            using SafeFileHandle handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
            var position = _offset;
            var end = _offset + _length;
            while (position < end)
            {
                var want = (int)Math.Min(buffer.Length, end - position);
                // A synchronous read: the file is normally in the page cache (it is being hashed too), and a thread-pool
                // hop per chunk costs more than the copy.
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, want), position);
                if (read == 0)
                {
                    throw new IOException($"'{_path}' ended after {position} bytes but was {end} bytes when listed; it changed during the upload.");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                position += read;
                _sent?.Invoke(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
