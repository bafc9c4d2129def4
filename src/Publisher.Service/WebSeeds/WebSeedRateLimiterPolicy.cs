using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Publisher.Service.WebSeeds;

/// <summary>
/// The <see cref="WebSeedOptions.RateLimitPolicyName"/> policy: a token bucket per client address
/// (<see cref="WebSeedOptions.PermitsPerSecond"/> refilled each second, up to <see cref="WebSeedOptions.BurstPermits"/>),
/// no queueing; a refused request gets 429 with Retry-After in whole seconds.
/// </summary>
internal sealed partial class WebSeedRateLimiterPolicy : IRateLimiterPolicy<string>
{
    private readonly IOptions<WebSeedOptions> _options;
    private readonly ILogger<WebSeedRateLimiterPolicy> _logger;

    public WebSeedRateLimiterPolicy(IOptions<WebSeedOptions> options, ILogger<WebSeedRateLimiterPolicy> logger)
    {
        _options = options;
        _logger = logger;
        OnRejected = RejectAsync;
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; }

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var options = _options.Value;
        var client = httpContext.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.BurstPermits,
            TokensPerPeriod = options.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = 1;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            seconds = (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, 3600);
        }

        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        Log.RateLimited(_logger, context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "(unknown)", seconds);
        return ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = WebSeedEventIds.RateLimited, Level = LogLevel.Debug,
            Message = "Web-seed request from {Client} rate limited; retry after {Seconds} s")]
        public static partial void RateLimited(ILogger logger, string client, int seconds);
    }
}
