using System.Net.Http.Headers;

namespace Publisher.Torrent.WebSeeds;

/// <content>One HTTP attempt: send the Range request, check the answer, read exactly the body.</content>
internal sealed partial class WebSeedSource
{
    private async ValueTask<WebSeedFetchResult> AttemptAsync(WebSeedSegment segment, Memory<byte> destination, IWebSeedReceiver? receiver, CancellationToken cancellationToken)
    {
        var file = _torrent.Files[segment.FileIndex];
        var last = segment.FileOffset + segment.Length - 1;
        using var request = new HttpRequestMessage(HttpMethod.Get, _fileUrls[segment.FileIndex]);
        var whole = segment.FileOffset == 0 && segment.Length == file.Length;
        if (!whole)
        {
            request.Headers.Range = new RangeHeaderValue(segment.FileOffset, last);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var check = WebSeedResponseCheck.Check(response, segment.FileIndex, segment.FileOffset, segment.Length, file.Length, _time);
        if (!check.IsSuccess)
        {
            if (check.Status == WebSeedFetchStatus.Transient)
            {
                Log.Transient(_logger, Url, file.PathString, check.Message, check.RetryAfter);
            }

            return check;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            receiver?.Restart(segment.BufferOffset);
            var filled = 0;
            while (filled < destination.Length)
            {
                var read = await stream.ReadAsync(destination[filled..], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return WebSeedFetchResult.Transient(segment.FileIndex, $"{Url}: the body of '{file.PathString}' ended after {filled} of {destination.Length} bytes");
                }

                Interlocked.Add(ref _bytesReceived, read);
                if (receiver is not null)
                {
                    await receiver.FilledAsync(segment.BufferOffset + filled, segment.BufferOffset + filled + read, cancellationToken).ConfigureAwait(false);
                }

                filled += read;
            }

            if (response.Content.Headers.ContentLength is null && await HasMoreAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                return WebSeedFetchResult.Rejected(segment.FileIndex, $"the body of '{file.PathString}' is longer than the {destination.Length} bytes asked for");
            }
        }

        return WebSeedFetchResult.Success;
    }

    private static async ValueTask<bool> HasMoreAsync(Stream stream, CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        return await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
    }
}
