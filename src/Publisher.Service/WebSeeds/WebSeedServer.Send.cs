using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Microsoft.Win32.SafeHandles;
using Publisher.Storage;

namespace Publisher.Service.WebSeeds;

/// <summary>
/// Sending bodies. A local blob is read with positional reads straight from its file into a pooled buffer and written
/// to the response; a remote blob is read as one ranged stream. Either way a chunk counts once it was handed to the
/// response while the client was connected, so an aborted download counts what went out, not what was asked for
/// (at most one chunk of <see cref="WebSeedOptions.SendBufferSize"/> plus socket buffers above it, never below). Kestrel's SendFileAsync copies through a buffer the same way but cannot say
/// how far it got. Measured on loopback, 1 GiB from the page cache: about nginx's sendfile speed with 256 KiB chunks,
/// half of it with 64 KiB chunks (one flush per chunk).
/// </summary>
internal sealed partial class WebSeedServer
{
    /// <summary>The chunk size of zero-filled pad responses.</summary>
    private const int PadChunk = 64 * 1024;

    private async Task<int> ServeBlobAsync(HttpContext context, long releaseId, WebSeedFile file, BlobProperties properties, CancellationToken cancellationToken)
    {
        var range = Prepare(context, file.Length, ParseETag(properties.ETag), properties.LastModified, out var status);
        if (status is StatusCodes.Status304NotModified or StatusCodes.Status416RangeNotSatisfiable
            || HttpMethods.IsHead(context.Request.Method) || range.Count == 0)
        {
            return status;
        }

        // Open the source before committing to a status, so a blob that vanished is a clean 404/503, not a cut body.
        SafeFileHandle? handle = null;
        Stream? stream = null;
        try
        {
            var path = _blobs.TryGetPhysicalPath(file.BlobKey);
            if (path is not null)
            {
                handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            }
            else
            {
                stream = await _blobs.OpenReadAsync(file.BlobKey, range.Offset, range.Count, cancellationToken);
                if (stream is null)
                {
                    file.Properties = null;
                    Log.ReleaseFileMissing(_logger, releaseId, file.BlobKey);
                    return ResetToStatus(context, StatusCodes.Status404NotFound);
                }
            }
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            file.Properties = null;
            Log.ReleaseFileMissing(_logger, releaseId, file.BlobKey);
            return ResetToStatus(context, StatusCodes.Status404NotFound);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or BlobStoreException && !cancellationToken.IsCancellationRequested)
        {
            Log.BlobStoreFailed(_logger, file.BlobKey, exception);
            return ResetToStatus(context, StatusCodes.Status503ServiceUnavailable);
        }

        context.Response.StatusCode = status;
        long sent = 0;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(_options.Value.SendBufferSize, range.Count));
        try
        {
            var writer = context.Response.BodyWriter;
            while (sent < range.Count)
            {
                var want = (int)Math.Min(buffer.Length, range.Count - sent);
                var read = handle is not null
                    ? await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, want), range.Offset + sent, cancellationToken)
                    : await stream!.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    // The blob is shorter than its properties said: the promised length cannot be kept.
                    Log.BlobLengthMismatch(_logger, file.BlobKey, range.Offset + sent, file.Length);
                    file.Properties = null;
                    context.Abort();
                    break;
                }

                // A chunk counts once handed to Kestrel while the client was still there. A flush that reports the
                // connection gone may still have sent part or all of it (clients were seen to receive such chunks),
                // so it counts too: the total is at most one chunk above what left, never below.
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                // Counted before the await: a write that throws because the client went away mid-flush may
                // still have delivered the chunk (the abort test saw 64 KiB arrive and 0 counted).
                sent += read;
                var flushed = await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; what it received so far is counted below.
        }
        catch (Exception exception) when (exception is IOException or BlobStoreException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Log.BlobStoreFailed(_logger, file.BlobKey, exception);
                context.Abort();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            handle?.Dispose();
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            _recorder.Add(releaseId, sent);
            _metrics.OriginBytes(sent, handle is not null ? "file" : "stream");
            if (sent < range.Count)
            {
                Log.ClientAborted(_logger, file.BlobKey, sent, range.Count);
            }
        }

        return 0;
    }

    private async Task<int> ServePadAsync(HttpContext context, long length, CancellationToken cancellationToken)
    {
        var etag = new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture, $"\"pad-{length}\""));
        var range = Prepare(context, length, etag, lastModified: null, out var status);
        if (status is StatusCodes.Status304NotModified or StatusCodes.Status416RangeNotSatisfiable || HttpMethods.IsHead(context.Request.Method))
        {
            return status;
        }

        context.Response.StatusCode = status;
        var writer = context.Response.BodyWriter;
        long sent = 0;
        try
        {
            while (sent < range.Count)
            {
                var want = (int)Math.Min(PadChunk, range.Count - sent);
                var memory = writer.GetMemory(want);
                var chunk = Math.Min(want, memory.Length);
                memory.Span[..chunk].Clear();
                writer.Advance(chunk);
                var flushed = await writer.FlushAsync(cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }

                sent += chunk;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            _metrics.OriginBytes(sent, "pad");
        }

        return 0;
    }

    private static int ResetToStatus(HttpContext context, int status)
    {
        var headers = context.Response.Headers;
        headers.ContentRange = default;
        headers.ContentLength = null;
        headers.ContentType = default;
        headers.ETag = default;
        headers.LastModified = default;
        return status;
    }
}
