using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Publisher.Storage.Azure;

public sealed partial class AzureBlobStore
{
    private const int BlockIdNonceLength = 14;

    /// <inheritdoc />
    public async Task<BlobProperties> PutAsync(string key, Stream content, BlobPutOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var uri = BlobUri(key);
        var expected = options?.Length;
        if (expected is { } e)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(e, "options.Length");
        }

        var contentType = options?.ContentType ?? DefaultContentType;
        await EnsureContainerAsync(cancellationToken);

        var blockSize = _options.BlockSize;
        var first = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            var count = await FillAsync(content, first, blockSize, cancellationToken);
            if (count < blockSize || expected == count)
            {
                CheckLength(expected, count, endOfStream: true);
                if (count == blockSize)
                {
                    await EnsureEndOfStreamAsync(content, count, cancellationToken);
                }

                return await PutSingleAsync(key, uri, first.AsMemory(0, count), contentType, cancellationToken);
            }

            var buffer = first;
            first = null; // ownership moves to the block upload
            return await PutBlocksAsync(key, uri, content, buffer, count, expected, contentType, cancellationToken);
        }
        finally
        {
            if (first is not null)
            {
                ArrayPool<byte>.Shared.Return(first);
            }
        }
    }

    private async Task<BlobProperties> PutSingleAsync(string key, string uri, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken)
    {
        var request = new BlobRequest(HttpMethod.Put, uri)
        {
            Body = body,
            Headers = [new("x-ms-blob-type", "BlockBlob"), new("x-ms-blob-content-type", contentType)],
        };
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "Put Blob", cancellationToken);
        return PropertiesFrom(key, response, body.Length) with { ContentType = contentType };
    }

    /// <summary>
    /// Uploads <paramref name="firstBlock"/> and the rest of <paramref name="content"/> as blocks, at most
    /// <see cref="AzureBlobStoreOptions.MaxConcurrency"/> at once, then commits them with Put Block List.
    /// Each block's buffer is kept until its upload succeeded, so every retry sends the same bytes.
    /// </summary>
    private async Task<BlobProperties> PutBlocksAsync(string key, string uri, Stream content, byte[] firstBlock, int firstCount, long? expected, string contentType, CancellationToken cancellationToken)
    {
        var blockSize = _options.BlockSize;
        var nonce = RandomNumberGenerator.GetBytes(BlockIdNonceLength);
        var blockIds = new List<string>();
        var uploads = new List<Task>();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        byte[]? buffer = firstBlock;
        var count = firstCount;
        long total = count;
        Log.BlockUploadStarted(_logger, key, blockSize);
        try
        {
            while (true)
            {
                CheckLength(expected, total, endOfStream: false);
                if (blockIds.Count >= StorageLimits.MaxBlockCount)
                {
                    throw new IOException($"The blob '{key}' needs more than {StorageLimits.MaxBlockCount} blocks of {blockSize} bytes; raise AzureBlobStoreOptions.BlockSize.");
                }

                var blockId = BlockId(nonce, blockIds.Count);
                blockIds.Add(blockId);
                await gate.WaitAsync(failed.Token);
                uploads.Add(UploadBlockAsync(uri, blockId, buffer, count, gate, failed));
                buffer = null;

                if (count < blockSize || total == expected)
                {
                    break;
                }

                buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                count = await FillAsync(content, buffer, blockSize, failed.Token);
                if (count == 0)
                {
                    break;
                }

                total += count;
            }

            CheckLength(expected, total, endOfStream: true);
            if (count == blockSize)
            {
                await EnsureEndOfStreamAsync(content, total, failed.Token);
            }

            await Task.WhenAll(uploads);
        }
        catch (Exception) when (uploads.Count > 0)
        {
            await failed.CancelAsync();
            try
            {
                await Task.WhenAll(uploads);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A block's own failure (not the cancellation it caused) is the interesting one.
                foreach (var upload in uploads)
                {
                    if (upload.Exception?.InnerException is { } cause and not OperationCanceledException)
                    {
                        throw cause;
                    }
                }
            }

            throw;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return await CommitBlocksAsync(key, uri, blockIds, total, contentType, cancellationToken);
    }

    private async Task UploadBlockAsync(string uri, string blockId, byte[] buffer, int count, SemaphoreSlim gate, CancellationTokenSource failed)
    {
        try
        {
            var request = new BlobRequest(HttpMethod.Put, $"{uri}?comp=block&blockid={Uri.EscapeDataString(blockId)}")
            {
                Body = buffer.AsMemory(0, count),
            };
            using var response = await SendAsync(request, failed.Token);
            await EnsureSuccessAsync(response, "Put Block", failed.Token);
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            gate.Release();
        }
    }

    private async Task<BlobProperties> CommitBlocksAsync(string key, string uri, List<string> blockIds, long total, string contentType, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder(64 + (blockIds.Count * 48));
        xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        var request = new BlobRequest(HttpMethod.Put, $"{uri}?comp=blocklist")
        {
            Body = Encoding.UTF8.GetBytes(xml.ToString()),
            Headers = [new("x-ms-blob-content-type", contentType)],
        };
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "Put Block List", cancellationToken);
        Log.BlockUploadCommitted(_logger, key, blockIds.Count, total);
        return PropertiesFrom(key, response, total) with { ContentType = contentType };
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady || !_options.CreateContainerIfMissing || _signer is null)
        {
            return;
        }

        await _containerGate.WaitAsync(cancellationToken);
        try
        {
            if (_containerReady)
            {
                return;
            }

            using var response = await SendAsync(new BlobRequest(HttpMethod.Put, $"{_containerUri}?restype=container"), cancellationToken);
            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                await EnsureSuccessAsync(response, "Create Container", cancellationToken);
                Log.ContainerCreated(_logger, _options.Container);
            }

            _containerReady = true;
        }
        finally
        {
            _containerGate.Release();
        }
    }

    /// <summary>Block ids: base64 of a per-upload nonce and the big-endian block index, all the same length.</summary>
    private static string BlockId(byte[] nonce, int index)
    {
        Span<byte> raw = stackalloc byte[BlockIdNonceLength + sizeof(int)];
        nonce.CopyTo(raw);
        BinaryPrimitives.WriteInt32BigEndian(raw[BlockIdNonceLength..], index);
        return Convert.ToBase64String(raw);
    }

    private static void CheckLength(long? expected, long actual, bool endOfStream)
    {
        if (expected is not { } announced)
        {
            return;
        }

        if (actual > announced)
        {
            throw new IOException($"The stream gave more than the {announced} bytes announced in BlobPutOptions.Length.");
        }

        if (endOfStream && actual != announced)
        {
            throw new IOException($"The stream ended after {actual} bytes, but BlobPutOptions.Length announced {announced}.");
        }
    }

    /// <summary>After the announced length was read, checks the stream has nothing more.</summary>
    private static async Task EnsureEndOfStreamAsync(Stream content, long announced, CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        if (await content.ReadAsync(probe, cancellationToken) != 0)
        {
            throw new IOException($"The stream gave more than the {announced} bytes announced in BlobPutOptions.Length.");
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int size, CancellationToken cancellationToken)
        => await content.ReadAtLeastAsync(buffer.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken);
}
