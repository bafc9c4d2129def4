using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Publisher.Storage.Azure;

/// <summary>
/// The Polly pipeline every Azure request runs through: retry (outer; jittered exponential backoff,
/// honouring <c>Retry-After</c>) around a per-attempt timeout (inner).
/// </summary>
internal static class AzureResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(AzureBlobStoreOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, timeProvider, options.MaxRetryDelay)),
            OnRetry = args =>
            {
                var status = args.Outcome.Result is { } response ? (int)response.StatusCode : 0;
                AzureBlobStore.Log.RequestRetried(logger, args.AttemptNumber + 1, status, args.RetryDelay, args.Outcome.Exception);

                // The failed attempt's response is finished with (its Retry-After has been read): free its connection.
                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            },
        };
        if (options.MaxRetryAttempts == 0)
        {
            return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
                .AddTimeout(options.AttemptTimeout)
                .Build();
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(retry)
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>Whether an attempt's outcome is worth retrying.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or IOException or TimeoutRejectedException;
        }

        return outcome.Result is { } response && IsTransientStatus(response.StatusCode);
    }

    internal static bool IsTransientStatus(HttpStatusCode status)
        => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The delay a response's <c>Retry-After</c> asks for (capped), or null to use the backoff.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider timeProvider, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        TimeSpan? delay = header.Delta ?? (header.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }
}
