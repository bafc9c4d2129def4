using System.IO.Pipelines;

namespace Publisher.Storage.Local;

public sealed partial class LocalBlobStore
{
    /// <summary>Bytes gathered from the reader before each vectored write.</summary>
    private const int PipeBatchBytes = 512 * 1024;

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
                var written = await WriteBatchesAsync(handle, content, expected, cancellationToken);
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
