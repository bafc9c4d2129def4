using Microsoft.Extensions.Logging;

namespace Publisher.Service.WebSeeds;

internal sealed partial class WebSeedServer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = WebSeedEventIds.RequestRejected, Level = LogLevel.Debug,
            Message = "Web-seed request refused ({Reason}): {Target}")]
        public static partial void RequestRejected(ILogger logger, string reason, string target);

        [LoggerMessage(EventId = WebSeedEventIds.ReleaseFileMissing, Level = LogLevel.Warning,
            Message = "Release {ReleaseId} has no payload blob {Key}: upload it under this key to serve it")]
        public static partial void ReleaseFileMissing(ILogger logger, long releaseId, string key);

        [LoggerMessage(EventId = WebSeedEventIds.BlobLengthMismatch, Level = LogLevel.Error,
            Message = "Blob {Key} holds {Actual} bytes but the torrent says {Expected}: not served")]
        public static partial void BlobLengthMismatch(ILogger logger, string key, long actual, long expected);

        [LoggerMessage(EventId = WebSeedEventIds.BlobStoreFailed, Level = LogLevel.Error,
            Message = "Reading blob {Key} for the web seed failed")]
        public static partial void BlobStoreFailed(ILogger logger, string key, Exception exception);

        [LoggerMessage(EventId = WebSeedEventIds.ClientAborted, Level = LogLevel.Debug,
            Message = "Web-seed response for {Key} ended after {Sent} of {Count} bytes")]
        public static partial void ClientAborted(ILogger logger, string key, long sent, long count);

        [LoggerMessage(EventId = WebSeedEventIds.Redirected, Level = LogLevel.Debug,
            Message = "Release {ReleaseId}: {Key} redirected to blob storage")]
        public static partial void Redirected(ILogger logger, long releaseId, string key);

        [LoggerMessage(EventId = WebSeedEventIds.TokenRejected, Level = LogLevel.Information,
            Message = "Web-seed request for entitled release {InfoHash} refused: {Reason}")]
        public static partial void TokenRejected(ILogger logger, string infoHash, string reason);
    }
}
