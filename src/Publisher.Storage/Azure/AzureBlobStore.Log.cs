using Microsoft.Extensions.Logging;

namespace Publisher.Storage.Azure;

public sealed partial class AzureBlobStore
{
    internal static partial class Log
    {
        [LoggerMessage(EventId = StorageEventIds.RequestRetried, Level = LogLevel.Warning, Message = "Azure Blob request retry {Attempt} in {Delay} after status {Status}")]
        public static partial void RequestRetried(ILogger logger, int attempt, int status, TimeSpan delay, Exception? exception);

        [LoggerMessage(EventId = StorageEventIds.ContainerCreated, Level = LogLevel.Information, Message = "Created the blob container {Container}")]
        public static partial void ContainerCreated(ILogger logger, string container);

        [LoggerMessage(EventId = StorageEventIds.BlockUploadStarted, Level = LogLevel.Debug, Message = "Uploading {Key} in blocks of {BlockSize} bytes")]
        public static partial void BlockUploadStarted(ILogger logger, string key, int blockSize);

        [LoggerMessage(EventId = StorageEventIds.BlockUploadCommitted, Level = LogLevel.Information, Message = "Committed {Key}: {Blocks} blocks, {Length} bytes")]
        public static partial void BlockUploadCommitted(ILogger logger, string key, int blocks, long length);

        [LoggerMessage(EventId = StorageEventIds.ReadResumed, Level = LogLevel.Warning, Message = "Azure Blob read of {Uri} resumed at byte {Offset} after a connection failure")]
        public static partial void ReadResumed(ILogger logger, string uri, long offset);
    }
}
