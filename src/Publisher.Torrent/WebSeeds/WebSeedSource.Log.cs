using Microsoft.Extensions.Logging;

namespace Publisher.Torrent.WebSeeds;

/// <content>Log messages. Event ids 5100-5199 are reserved for web seeds.</content>
internal sealed partial class WebSeedSource
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Web seed {Url} failed for '{File}': {Reason} (retry after {RetryAfter})")]
        public static partial void Transient(ILogger logger, string url, string file, string? reason, TimeSpan? retryAfter);

        [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Web seed {Url} is no longer used for '{File}': {Reason}")]
        public static partial void BadFile(ILogger logger, string url, string file, string reason);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Web seed {Url} keeps failing; no requests for {RetryAfter}")]
        public static partial void CircuitOpen(ILogger logger, string url, TimeSpan? retryAfter);
    }
}
