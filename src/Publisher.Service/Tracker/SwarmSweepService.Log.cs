using Microsoft.Extensions.Logging;

namespace Publisher.Service.Tracker;

internal sealed partial class SwarmSweepService
{
    private static partial class Log
    {
        [LoggerMessage(TrackerEventIds.Swept, LogLevel.Debug, "Tracker sweep removed {Count} expired peers")]
        public static partial void Swept(ILogger logger, int count);
    }
}
