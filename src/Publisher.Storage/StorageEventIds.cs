namespace Publisher.Storage;

/// <summary>Logging event ids of Publisher.Storage: the range 5000-5099 is reserved for this area.</summary>
internal static class StorageEventIds
{
    public const int RequestRetried = 5000;
    public const int ContainerCreated = 5001;
    public const int BlockUploadStarted = 5002;
    public const int BlockUploadCommitted = 5003;
    public const int ReadResumed = 5004;
    public const int LocalTempCleaned = 5010;
    public const int LocalTempDeleteFailed = 5011;
}
