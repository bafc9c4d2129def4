using Microsoft.Extensions.Logging;

namespace Publisher.Service.Tracker;

internal sealed partial class TrackerHttpHandler
{
    private static partial class Log
    {
        [LoggerMessage(TrackerEventIds.RequestRefused, LogLevel.Debug, "HTTP tracker request refused: {Failure}")]
        public static partial void RequestRefused(ILogger logger, TrackerFailure failure);
    }
}
