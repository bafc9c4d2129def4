using Microsoft.Extensions.Logging;

namespace Publisher.Service.Tracker.Redis;

internal sealed partial class RedisSwarmStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Redis swarm store unavailable: {Reason}")]
        public static partial void StoreUnavailable(ILogger logger, string reason);
    }
}
