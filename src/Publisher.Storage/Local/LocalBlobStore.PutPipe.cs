using System.Buffers;
using System.IO.Pipelines;

namespace Publisher.Storage.Local;

public sealed partial class LocalBlobStore
{
    /// <summary>The size of each of the two buffers a put fills while the other is written (aligned for <see cref="DirectIo"/>).</summary>
    private const int DirectChunkBytes = 1024 * 1024;

    /// <summary>
    /// Like <see cref="PutAsync(string, Stream, BlobPutOptions?, CancellationToken)"/>, for a request body: the
    /// reader's buffers are copied into two 1 MiB buffers, each written whole (unbuffered where the file system
    /// allows) while the other fills. Temp file in <c>.incoming</c>, then a rename.
    /// </summary>
    public Task<BlobProperties> PutAsync(string key, PipeReader content, BlobPutOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return PutThroughTempAsync(key, options, (temp, expected, token) => WriteTempAsync(temp, content, expected, token), cancellationToken);
    }

    private async Task WriteTempAsync(string temp, PipeReader content, long? expected, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, expected ?? 0);
        var written = await WriteChunksAsync(handle, DirectIo.TryEnable(handle), content, expected, cancellationToken);
        if (expected is { } announced && written != announced)
        {
            throw new IOException($"The body ended after {written} bytes, but BlobPutOptions.Length announced {announced}.");
        }

        if (_options.FlushToDisk)
        {
            RandomAccess.FlushToDisk(handle);
        }
    }

    /// <summary>
    /// Copies the reader's buffers into two aligned 1 MiB buffers and writes each full one while the other fills.
    /// Unbuffered (<paramref name="direct"/>), the last partial block is written padded and the file then cut to the
    /// real length. Every read is consumed whole (consumed = examined) and advanced before anything can throw: with
    /// Kestrel's request body, a read that examined more than it consumed, or one never advanced, leaves the
    /// connection's input mid-read when the client goes away (dotnet/aspnetcore#52324), and Kestrel then fails the
    /// connection with "Reading is already in progress".
    /// </summary>
    private static async Task<long> WriteChunksAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, bool direct, PipeReader content, long? expected, CancellationToken cancellationToken)
    {
        var current = DirectIo.AllocateAligned(DirectChunkBytes);
        var other = DirectIo.AllocateAligned(DirectChunkBytes);
        var pending = Task.CompletedTask;
        var filled = 0;
        long fileOffset = 0;
        long total = 0;
        try
        {
            while (true)
            {
                var result = await content.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var tooLong = expected is { } limit && total + buffer.Length > limit;
                var remaining = tooLong ? default : buffer;
                var full = false;
                while (!remaining.IsEmpty && !full)
                {
                    var take = (int)Math.Min(remaining.Length, DirectChunkBytes - filled);
                    remaining.Slice(0, take).CopyTo(current.Span[filled..]);
                    filled += take;
                    total += take;
                    remaining = remaining.Slice(take);
                    full = filled == DirectChunkBytes;
                }

                // Consume what was copied; a full buffer is written below and the rest of this read taken next time.
                content.AdvanceTo(tooLong ? buffer.End : buffer.GetPosition(buffer.Length - remaining.Length));
                if (tooLong)
                {
                    throw new IOException($"The body gave more than the {expected} bytes announced in BlobPutOptions.Length.");
                }

                if (full)
                {
                    await pending;
                    pending = RandomAccess.WriteAsync(handle, current, fileOffset, cancellationToken).AsTask();
                    fileOffset += filled;
                    filled = 0;
                    (current, other) = (other, current);
                    continue;
                }

                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("The read of the body was cancelled.");
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            // Never leave a write running into a buffer that is about to be dropped.
            await pending;
        }

        if (filled > 0)
        {
            var length = direct ? (filled + DirectIo.Alignment - 1) / DirectIo.Alignment * DirectIo.Alignment : filled;
            current.Span[filled..length].Clear();
            await RandomAccess.WriteAsync(handle, current[..length], fileOffset, cancellationToken);
        }

        if (direct && total % DirectIo.Alignment != 0)
        {
            RandomAccess.SetLength(handle, total);
        }

        return total;
    }
}
