using System.Buffers;

namespace Publisher.Storage.Local;

public sealed partial class LocalBlobStore
{
    private const int CopyBufferSize = 1024 * 1024;

    /// <inheritdoc />
    public Task<BlobProperties> PutAsync(string key, Stream content, BlobPutOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return PutThroughTempAsync(key, options, (temp, expected, token) => WriteTempAsync(temp, content, expected, token), cancellationToken);
    }

    /// <summary>
    /// The one way a blob appears: <paramref name="writeTemp"/> writes a new file in <c>.incoming</c> (given the
    /// length the caller announced, if any), then it is renamed into place; on any failure the temp file goes.
    /// </summary>
    private async Task<BlobProperties> PutThroughTempAsync(
        string key, BlobPutOptions? options, Func<string, long?, CancellationToken, Task> writeTemp, CancellationToken cancellationToken)
    {
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
            await writeTemp(temp, expected, cancellationToken);
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

    private async Task WriteTempAsync(string temp, Stream content, long? expected, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            if (expected is { } size && size > 0)
            {
                // Reserve the space up front: fails early on a full disk and keeps the file contiguous.
                file.SetLength(size);
            }

            long written = 0;
            while (true)
            {
                // Fill the whole buffer before writing: network streams hand over a few KiB per read, and one
                // write per MiB instead of one per read is what keeps a loopback upload from being CPU-bound.
                var filled = 0;
                while (filled < CopyBufferSize)
                {
                    var read = await content.ReadAsync(buffer.AsMemory(filled, CopyBufferSize - filled), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                    if (expected is { } limit && written + filled > limit)
                    {
                        throw new IOException($"The stream gave more than the {limit} bytes announced in BlobPutOptions.Length.");
                    }
                }

                if (filled == 0)
                {
                    break;
                }

                await RandomAccess.WriteAsync(file.SafeFileHandle, buffer.AsMemory(0, filled), written, cancellationToken);
                written += filled;
                if (filled < CopyBufferSize)
                {
                    break;
                }
            }

            if (expected is { } announced && written != announced)
            {
                throw new IOException($"The stream ended after {written} bytes, but BlobPutOptions.Length announced {announced}.");
            }

            if (_options.FlushToDisk)
            {
                file.Flush(flushToDisk: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void MoveIntoPlace(string temp, string path)
    {
        // A concurrent delete may remove the (empty) parent directory between creating it and the move: retry.
        for (var attempt = 0; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                File.Move(temp, path, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    private void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.TempDeleteFailed(_logger, temp, e);
        }
    }

    private void CleanStaleUploads()
    {
        var cutoff = _timeProvider.GetUtcNow().UtcDateTime - _options.StaleUploadAge;
        foreach (var file in new DirectoryInfo(_incoming).EnumerateFiles("*.partial"))
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                TryDelete(file.FullName);
                Log.StaleUploadRemoved(_logger, file.FullName);
            }
        }
    }
}
