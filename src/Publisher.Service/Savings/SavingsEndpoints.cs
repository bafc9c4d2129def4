using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Publisher.Service.Catalog;
using Publisher.Service.Security;
using Publisher.Torrent;

namespace Publisher.Service.Savings;

/// <summary>
/// <c>POST /api/telemetry</c> (anonymous: embedded clients report their downloads) and <c>GET /api/stats</c>
/// (scope stats): bandwidth delivered by peers versus the origin, per day and per release.
/// </summary>
internal static partial class SavingsEndpoints
{
    /// <summary>The largest telemetry body accepted.</summary>
    public const int MaxTelemetryBytes = 4096;

    /// <summary>The longest period <c>/api/stats</c> covers, in days.</summary>
    public const int MaxStatsDays = 366;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapSavings(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Savings");
        group.MapPost("/telemetry", ReportAsync).WithName("ReportTelemetry")
            .WithSummary("A client reports one download: bytes from peers and from the origin, duration, result.")
            .Accepts<TelemetryReport>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/stats", GetStatsAsync).RequireAuthorization(ApiKeyDefaults.StatsPolicy).WithName("GetStats")
            .WithSummary("Bytes delivered by peers and by the origin, and the savings, in total, per day and per release.");
        return group;
    }

    internal static async Task<IResult> ReportAsync(HttpContext context, ReleaseIndex index, SavingsRecorder recorder, ILoggerFactory loggers)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaxTelemetryBytes;
        }

        if (context.Request.ContentLength > MaxTelemetryBytes)
        {
            return TooLarge(context);
        }

        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem("Send the report as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        TelemetryReport? report;
        try
        {
            report = await JsonSerializer.DeserializeAsync<TelemetryReport>(context.Request.Body, JsonOptions, context.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(context);
        }
        catch (JsonException exception)
        {
            Log.TelemetryRejected(loggers.CreateLogger(typeof(SavingsEndpoints).FullName!), exception.Message);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Malformed JSON: {exception.Message}"] });
        }

        var errors = Validate(report, out var hash);
        if (errors.Count != 0)
        {
            Log.TelemetryRejected(loggers.CreateLogger(typeof(SavingsEndpoints).FullName!), string.Join("; ", errors.SelectMany(e => e.Value)));
            return TypedResults.ValidationProblem(errors);
        }

        if (!index.TryFind(hash, out var release))
        {
            return TypedResults.Problem("No published release has this info hash.", statusCode: StatusCodes.Status404NotFound, title: "Unknown release");
        }

        recorder.Add(release.ReleaseId, CatalogCounter.PeerBytes, report!.BytesFromPeers ?? 0);
        recorder.Add(release.ReleaseId, CatalogCounter.ReportedOriginBytes, report.BytesFromOrigin ?? 0);
        switch (report.Result)
        {
            case "completed":
                recorder.Add(release.ReleaseId, CatalogCounter.CompletedDownloads, 1);
                break;
            case "failed":
                recorder.Add(release.ReleaseId, CatalogCounter.FailedDownloads, 1);
                break;
        }

        return TypedResults.Accepted((string?)null);
    }

    internal static async Task<Results<Ok<StatsResponse>, ValidationProblem>> GetStatsAsync(
        ICatalogRepository catalog, SavingsRecorder recorder, TimeProvider time, CancellationToken cancellationToken, int days = 30)
    {
        if (days < 1 || days > MaxStatsDays)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"days must be 1 to {MaxStatsDays}."] });
        }

        await recorder.FlushAsync(cancellationToken);
        var today = CounterIncrement.DayOf(time.GetUtcNow());
        var from = today - days + 1;
        var counters = await catalog.GetCountersAsync(from, today, null, cancellationToken);

        var dayList = new List<DayStats>();
        foreach (var group in counters.GroupBy(c => c.Day).OrderBy(g => g.Key))
        {
            dayList.Add(new DayStats(FormatDay(group.Key), SavingsFigures.From(group)));
        }

        var releaseList = new List<ReleaseStats>();
        foreach (var group in counters.GroupBy(c => c.ReleaseId).OrderBy(g => g.Key))
        {
            var release = await catalog.GetReleaseAsync(group.Key, cancellationToken);
            releaseList.Add(new ReleaseStats(group.Key, release?.Product ?? "(unknown)", release?.Version ?? string.Empty, release?.Channel ?? string.Empty, SavingsFigures.From(group)));
        }

        return TypedResults.Ok(new StatsResponse(FormatDay(from), FormatDay(today), SavingsFigures.From(counters), dayList, releaseList));
    }

    private static Dictionary<string, string[]> Validate(TelemetryReport? report, out byte[] hash)
    {
        hash = [];
        var errors = new Dictionary<string, string[]>();
        if (report is null)
        {
            errors["body"] = ["A JSON object is required."];
            return errors;
        }

        if (report.InfoHash is not { Length: 40 or 64 } hex || !IsHex(hex))
        {
            errors["infoHash"] = ["infoHash must be 40 (v1 or truncated v2) or 64 (v2) hexadecimal digits."];
        }
        else
        {
            hash = Convert.FromHexString(hex.AsSpan(0, 40));
        }

        if (report.BytesFromPeers is < 0 or > ProtocolLimits.MaxTorrentTotalSize)
        {
            errors["bytesFromPeers"] = [$"bytesFromPeers must be 0 to {ProtocolLimits.MaxTorrentTotalSize}."];
        }

        if (report.BytesFromOrigin is < 0 or > ProtocolLimits.MaxTorrentTotalSize)
        {
            errors["bytesFromOrigin"] = [$"bytesFromOrigin must be 0 to {ProtocolLimits.MaxTorrentTotalSize}."];
        }

        if (report.DurationSeconds is { } duration && (double.IsNaN(duration) || duration < 0 || duration > TimeSpan.FromDays(30).TotalSeconds))
        {
            errors["durationSeconds"] = ["durationSeconds must be 0 to 30 days."];
        }

        if (report.Result is not ("completed" or "failed" or "cancelled"))
        {
            errors["result"] = ["result must be completed, failed or cancelled."];
        }

        return errors;
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string FormatDay(long day) => DateTimeOffset.FromUnixTimeSeconds(day * 86_400).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ProblemHttpResult TooLarge(HttpContext context)
    {
        // The unread rest of the body makes the connection useless for another request: say so.
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
        return TypedResults.Problem($"A telemetry report is at most {MaxTelemetryBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Report too large");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.TelemetryRejected, Level = LogLevel.Debug, Message = "Telemetry report rejected: {Reason}")]
        public static partial void TelemetryRejected(ILogger logger, string reason);
    }
}
