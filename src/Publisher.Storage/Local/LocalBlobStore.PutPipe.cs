using System.Buffers;
using System.IO.Pipelines;

namespace Publisher.Storage.Local;

public sealed partial class LocalBlobStore
{
    /// <summary>Bytes gathered from the reader before each vectored write.</summary>
    private const int PipeBatchBytes = 512 * 1024;

    /// <summary>The size of each aligned buffer of an unbuffered write (see <see cref="DirectIo"/>).</summary>
    private const int DirectChunkBytes = 1024 * 1024;

    /// <summary>
    /// Like <see cref="PutAsync(string, Stream, BlobPutOptions?, CancellationToken)"/>, writing the reader's buffers
    /// as they are with one vectored write (pwritev) per batch of at least 512 KiB: no copy into a staging buffer,
    /// and one wake-up per batch instead of one per network read. Temp file in <c>.incoming</c>, then a rename.
    /// </summary>
    public async Task<BlobProperties> PutAsync(string key, PipeReader content, BlobPutOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = ResolvePath(key);
        var expected = options?.Length;
        if (expected is { } e)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(e, "options.Length");
        }

        var temp = Path.Combine(_incoming, $"{Guid.NewGuid():N}.partial");
        var committed = false;
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, expected ?? 0))
            {
                var written = DirectIo.TryEnable(handle)
                    ? await WriteDirectAsync(handle, content, expected, cancellationToken)
                    : await WriteBatchesAsync(handle, content, expected, cancellationToken);
                if (expected is { } announced && written != announced)
                {
                    throw new IOException($"The body ended after {written} bytes, but BlobPutOptions.Length announced {announced}.");
                }

                if (_options.FlushToDisk)
                {
                    RandomAccess.FlushToDisk(handle);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            MoveIntoPlace(temp, path);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                TryDelete(temp);
            }
        }

        return ToProperties(key, new FileInfo(path));
    }

    /// <summary>
    /// Copies the reader's buffers into two aligned 1 MiB buffers and writes each full one unbuffered while the
    /// other fills; the last partial block is written padded and the file then cut to the real length.
    /// </summary>
    private static async Task<long> WriteDirectAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, PipeReader content, long? expected, CancellationToken cancellationToken)
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
                var result = await content.ReadAtLeastAsync(PipeBatchBytes, cancellationToken);
                var buffer = result.Buffer;
                if (expected is { } limit && total + buffer.Length > limit)
                {
                    throw new IOException($"The body gave more than the {limit} bytes announced in BlobPutOptions.Length.");
                }

                var remaining = buffer;
                while (!remaining.IsEmpty)
                {
                    var take = (int)Math.Min(remaining.Length, DirectChunkBytes - filled);
                    remaining.Slice(0, take).CopyTo(current.Span[filled..]);
                    filled += take;
                    total += take;
                    remaining = remaining.Slice(take);
                    if (filled == DirectChunkBytes)
                    {
                        await pending;
                        pending = RandomAccess.WriteAsync(handle, current, fileOffset, cancellationToken).AsTask();
                        fileOffset += filled;
                        filled = 0;
                        (current, other) = (other, current);
                    }
                }

                content.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }

                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("The read of the body was cancelled.");
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
            var padded = (filled + DirectIo.Alignment - 1) / DirectIo.Alignment * DirectIo.Alignment;
            current.Span[filled..padded].Clear();
            await RandomAccess.WriteAsync(handle, current[..padded], fileOffset, cancellationToken);
        }

        if (total % DirectIo.Alignment != 0)
        {
            RandomAccess.SetLength(handle, total);
        }

        return total;
    }

    private static async Task<long> WriteBatchesAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, PipeReader content, long? expected, CancellationToken cancellationToken)
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        long written = 0;
        while (true)
        {
            var result = await content.ReadAtLeastAsync(PipeBatchBytes, cancellationToken);
            var buffer = result.Buffer;
            if (expected is { } limit && written + buffer.Length > limit)
            {
                throw new IOException($"The body gave more than the {limit} bytes announced in BlobPutOptions.Length.");
            }

            if (!buffer.IsEmpty)
            {
                segments.Clear();
                foreach (var segment in buffer)
                {
                    segments.Add(segment);
                }

                await RandomAccess.WriteAsync(handle, segments, written, cancellationToken);
                written += buffer.Length;
            }

            content.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                return written;
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The read of the body was cancelled.");
            }
        }
    }
}
