using Microsoft.Extensions.Logging;

namespace Publisher.Storage.Local;

public sealed partial class LocalBlobStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = StorageEventIds.LocalTempCleaned, Level = LogLevel.Information, Message = "Removed the unfinished upload {Path}")]
        public static partial void StaleUploadRemoved(ILogger logger, string path);

        [LoggerMessage(EventId = StorageEventIds.LocalTempDeleteFailed, Level = LogLevel.Warning, Message = "Could not delete the unfinished upload {Path}")]
        public static partial void TempDeleteFailed(ILogger logger, string path, Exception exception);
    }
}
