using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Publisher.Torrent;

namespace Publisher.Service.Tracker;

/// <summary>
/// The HTTP announce and scrape endpoints. Every answer is HTTP 200 text/plain bencode (clients read
/// <c>failure reason</c>, not status codes); the body is written from a pooled buffer with a Content-Length.
/// </summary>
internal sealed partial class TrackerHttpHandler
{
    private const string ContentType = "text/plain";

    private readonly TrackerCore _core;
    private readonly ClientAddressResolver _addresses;
    private readonly ILogger<TrackerHttpHandler> _logger;

    public TrackerHttpHandler(TrackerCore core, ClientAddressResolver addresses, ILogger<TrackerHttpHandler> logger)
    {
        _core = core;
        _addresses = addresses;
        _logger = logger;
    }

    /// <summary><c>GET /announce</c> (token, if any, in <c>?token=</c>).</summary>
    public Task AnnounceAsync(HttpContext context) => HandleAnnounceAsync(context, null);

    /// <summary><c>GET /announce/{token}</c>.</summary>
    public Task AnnounceWithTokenAsync(HttpContext context)
        => HandleAnnounceAsync(context, context.Request.RouteValues["token"] as string ?? string.Empty);

    /// <summary><c>GET /scrape</c>.</summary>
    public async Task ScrapeAsync(HttpContext context)
    {
        var query = context.Request.QueryString.Value;
        var hashes = ArrayPool<TrackerInfoHash>.Shared.Rent(ProtocolLimits.TrackerServerMaxScrapeHashes);
        var entries = ArrayPool<SwarmStatistics>.Shared.Rent(ProtocolLimits.TrackerServerMaxScrapeHashes);
        try
        {
            var failure = ScrapeQueryParser.Parse(QueryOf(query), hashes.AsSpan(0, ProtocolLimits.TrackerServerMaxScrapeHashes), out var count);
            if (failure != TrackerFailure.None)
            {
                await WriteFailureAsync(context, failure);
                return;
            }

            Array.Sort(hashes, 0, count);
            var found = 0;
            for (var i = 0; i < count; i++)
            {
                if (i > 0 && hashes[i] == hashes[i - 1])
                {
                    continue;
                }

                var statistics = await _core.ScrapeAsync(hashes[i], context.RequestAborted);
                entries[found++] = statistics ?? new SwarmStatistics(hashes[i], 0, 0, 0, 0, 0);
            }

            var output = new ArrayBufferWriter<byte>(64 + (found * 100));
            TrackerBencodeAnswers.WriteScrape(output, entries.AsSpan(0, found));
            _core.Metrics.Scrape(udp: false);
            await WriteAsync(context, output.WrittenMemory);
        }
        finally
        {
            ArrayPool<TrackerInfoHash>.Shared.Return(hashes);
            ArrayPool<SwarmStatistics>.Shared.Return(entries);
        }
    }

    private static ReadOnlySpan<char> QueryOf(string? query) => string.IsNullOrEmpty(query) ? [] : query.AsSpan(1);

    private static async Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        await response.BodyWriter.WriteAsync(body, context.RequestAborted);
    }

    private async Task HandleAnnounceAsync(HttpContext context, string? routeToken)
    {
        var query = context.Request.QueryString.Value;
        var failure = AnnounceQueryParser.Parse(QueryOf(query), out var request);
        if (failure != TrackerFailure.None)
        {
            await WriteFailureAsync(context, failure);
            return;
        }

        var address = _addresses.Resolve(context);
        if (address is null)
        {
            await WriteFailureAsync(context, TrackerFailure.MalformedQuery);
            return;
        }

        var token = routeToken is not null ? routeToken.AsMemory()
            : request.TokenLength > 0 ? query.AsMemory(1 + request.TokenStart, request.TokenLength)
            : ReadOnlyMemory<char>.Empty;
        var decision = await _core.CheckAnnounceAsync(request.InfoHash, token, context.RequestAborted);
        if (decision != AccessDecision.Allowed)
        {
            await WriteFailureAsync(context, TrackerFailureMessages.From(decision));
            return;
        }

        var announce = new PeerAnnounce(
            PeerEndpoint.FromAddress(address, request.Port),
            request.Key,
            request.Uploaded,
            request.Downloaded,
            request.Left,
            request.Event);
        var selection = _core.Selections.Get();
        byte[] buffer;
        int length;
        try
        {
            selection.Reset(request.Event == AnnounceEvent.Stopped ? 0 : _core.NumWant(request.NumWant), PeerFamilies.Both);
            var outcome = await _core.Store.AnnounceAsync(request.InfoHash, announce, selection, context.RequestAborted);
            if (outcome.Status != AnnounceStatus.Ok)
            {
                await WriteFailureAsync(context, TrackerCore.ToFailure(outcome.Status));
                return;
            }

            var interval = _core.NextIntervalSeconds();
            if (request.Compact)
            {
                buffer = ArrayPool<byte>.Shared.Rent(TrackerResponses.MaxCompactLength(selection));
                length = TrackerResponses.WriteCompact(buffer, outcome, interval, _core.MinIntervalSeconds, selection);
            }
            else
            {
                buffer = ArrayPool<byte>.Shared.Rent(TrackerResponses.MaxNonCompactLength(selection));
                length = TrackerResponses.WriteNonCompact(buffer, outcome, interval, _core.MinIntervalSeconds, selection);
            }
        }
        finally
        {
            _core.Selections.Return(selection);
        }

        try
        {
            _core.Metrics.Announce(udp: false);
            await WriteAsync(context, buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WriteFailureAsync(HttpContext context, TrackerFailure failure)
    {
        _core.Metrics.Failure(udp: false);
        Log.RequestRefused(_logger, failure);
        var output = new ArrayBufferWriter<byte>(128);
        TrackerBencodeAnswers.WriteFailure(output, TrackerFailureMessages.Get(failure));
        await WriteAsync(context, output.WrittenMemory);
    }
}
