using System.Net.Sockets;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// The Polly 8 pipeline of one web seed, outermost first: jittered exponential retry (a Retry-After overrides the
/// delay; a longer one ends the request so the caller can give the work to another seed), a circuit breaker (an open circuit throws <see cref="BrokenCircuitException"/>, which is not retried),
/// and a per-attempt timeout. Transient results and network exceptions are retried; rejections are not.
/// </summary>
internal static class WebSeedPipeline
{
    public static ResiliencePipeline<WebSeedFetchResult> Create(WebSeedOptions options, TimeProvider time)
    {
        var maxInline = options.MaxInlineRetryAfter;
        var handles = new PredicateBuilder<WebSeedFetchResult>()
            .HandleResult(result => result.Status == WebSeedFetchStatus.Transient && (result.RetryAfter is null || result.RetryAfter <= maxInline))
            .Handle<HttpRequestException>()
            .Handle<IOException>()
            .Handle<SocketException>()
            .Handle<TimeoutRejectedException>();
        var builder = new ResiliencePipelineBuilder<WebSeedFetchResult> { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<WebSeedFetchResult>
            {
                ShouldHandle = handles,
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = ProtocolLimits.MaxWebSeedRetryAfter,
                DelayGenerator = static arguments => ValueTask.FromResult(arguments.Outcome.Result.RetryAfter),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<WebSeedFetchResult>
        {
            ShouldHandle = handles,
            FailureRatio = options.FailureRatio,
            MinimumThroughput = options.MinimumThroughput,
            SamplingDuration = options.SamplingDuration,
            BreakDuration = options.BreakDuration,
        });
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }
}
