using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// One BEP 19 web seed as a source of piece-space bytes for one torrent. <see cref="FetchAsync(long, Memory{byte}, CancellationToken)"/> fills a buffer with
/// any range (a piece or a run of pieces): one Range request per file it touches, pad files zero-filled locally,
/// through the seed's own Polly pipeline, at most <see cref="WebSeedOptions.ConnectionsPerSeed"/> requests at once.
/// The caller verifies the pieces and reports data that failed with <see cref="MarkBad"/>: the seed is then never
/// asked for those files again. Thread-safe.
/// </summary>
internal sealed partial class WebSeedSource : IDisposable
{
    private readonly TorrentInfo _torrent;
    private readonly HttpMessageInvoker _http;
    private readonly ResiliencePipeline<WebSeedFetchResult> _pipeline;
    private readonly SemaphoreSlim _connections;
    private readonly Uri?[] _fileUrls;
    private readonly int[] _badFiles;
    private readonly string?[] _badReasons;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _bytesReceived;

    public WebSeedSource(string url, TorrentInfo torrent, HttpMessageInvoker http, WebSeedOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!WebSeedUrl.IsUsable(url, out _))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL.", nameof(url));
        }

        Url = url;
        _torrent = torrent;
        _http = http;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = WebSeedPipeline.Create(options, _time);
        _connections = new SemaphoreSlim(options.ConnectionsPerSeed, options.ConnectionsPerSeed);
        _fileUrls = new Uri?[torrent.Files.Count];
        _badFiles = new int[torrent.Files.Count];
        _badReasons = new string?[torrent.Files.Count];
        for (var i = 0; i < _fileUrls.Length; i++)
        {
            if (!torrent.Files[i].IsPadFile)
            {
                _fileUrls[i] = WebSeedUrl.ForFile(url, torrent, torrent.Files[i]);
            }
        }
    }

    /// <summary>The seed's URL as the torrent gives it.</summary>
    public string Url { get; }

    /// <summary>Payload bytes received from this seed (pad files excluded), including data that later failed the hash.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>True when this seed is bad for file <paramref name="file"/>.</summary>
    public bool IsBadFile(int file) => Volatile.Read(ref _badFiles[file]) != 0;

    /// <summary>True when no file the range touches is known bad on this seed.</summary>
    public bool CanServe(long offset, int length)
    {
        var files = _torrent.Files;
        var end = offset + length;
        for (var i = WebSeedRangePlanner.FileAt(files, offset); i < files.Count && files[i].Offset < end; i++)
        {
            if (!files[i].IsPadFile && IsBadFile(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why this seed is bad for a file the range touches ("url is bad for 'file': reason"), or null.</summary>
    public string? DescribeBad(long offset, int length)
    {
        var files = _torrent.Files;
        var end = offset + length;
        for (var i = WebSeedRangePlanner.FileAt(files, offset); i < files.Count && files[i].Offset < end; i++)
        {
            if (!files[i].IsPadFile && IsBadFile(i))
            {
                return $"{Url} is bad for '{files[i].PathString}': {Volatile.Read(ref _badReasons[i])}";
            }
        }

        return null;
    }

    /// <summary>Marks every real file the range touches bad on this seed (its data failed the piece hash).</summary>
    public void MarkBad(long offset, int length)
    {
        var files = _torrent.Files;
        var end = offset + length;
        for (var i = WebSeedRangePlanner.FileAt(files, offset); i < files.Count && files[i].Offset < end; i++)
        {
            if (!files[i].IsPadFile && files[i].Length > 0)
            {
                MarkBadFile(i, "its data failed the piece hash");
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the piece space from <paramref name="offset"/>. On failure the
    /// buffer holds partial data that must not be used.
    /// </summary>
    public Task<WebSeedFetchResult> FetchAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        FetchAsync(offset, destination, null, cancellationToken);

    /// <summary>
    /// Fills <paramref name="destination"/> with the piece space from <paramref name="offset"/>, telling
    /// <paramref name="receiver"/> about the bytes as they land (and about attempts that start again). On failure the
    /// buffer holds partial data that must not be used.
    /// </summary>
    public async Task<WebSeedFetchResult> FetchAsync(long offset, Memory<byte> destination, IWebSeedReceiver? receiver, CancellationToken cancellationToken)
    {
        var segments = new List<WebSeedSegment>(4);
        WebSeedRangePlanner.Split(_torrent, offset, destination.Length, segments);
        foreach (var segment in segments)
        {
            if (!segment.IsPadding && IsBadFile(segment.FileIndex))
            {
                return new WebSeedFetchResult(WebSeedFetchStatus.BadFile, segment.FileIndex, $"{Url} is bad for '{_torrent.Files[segment.FileIndex].PathString}'", null);
            }
        }

        foreach (var segment in segments)
        {
            var slice = destination.Slice(segment.BufferOffset, segment.Length);
            if (segment.IsPadding)
            {
                slice.Span.Clear();
                if (receiver is not null)
                {
                    receiver.Restart(segment.BufferOffset);
                    await receiver.FilledAsync(segment.BufferOffset, segment.BufferOffset + segment.Length, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var result = await FetchSegmentAsync(segment, slice, receiver, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                if (result.Status == WebSeedFetchStatus.Rejected)
                {
                    MarkBadFile(segment.FileIndex, result.Message ?? "rejected");
                }

                return result;
            }
        }

        return WebSeedFetchResult.Success;
    }

    public void Dispose() => _connections.Dispose();

    private async Task<WebSeedFetchResult> FetchSegmentAsync(WebSeedSegment segment, Memory<byte> destination, IWebSeedReceiver? receiver, CancellationToken cancellationToken)
    {
        await _connections.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, token) => state.Source.AttemptAsync(state.Segment, state.Destination, state.Receiver, token),
                (Source: this, Segment: segment, Destination: destination, Receiver: receiver),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException broken)
        {
            Log.CircuitOpen(_logger, Url, broken.RetryAfter);
            return new WebSeedFetchResult(WebSeedFetchStatus.Unavailable, segment.FileIndex, $"{Url} is failing; its circuit is open", broken.RetryAfter);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && error is HttpRequestException or IOException or OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            return WebSeedFetchResult.Transient(segment.FileIndex, $"{Url}: {error.Message}");
        }
        finally
        {
            _connections.Release();
        }
    }

    private void MarkBadFile(int file, string reason)
    {
        if (Interlocked.Exchange(ref _badFiles[file], 1) == 0)
        {
            Volatile.Write(ref _badReasons[file], reason);
            Log.BadFile(_logger, Url, _torrent.Files[file].PathString, reason);
        }
    }
}
