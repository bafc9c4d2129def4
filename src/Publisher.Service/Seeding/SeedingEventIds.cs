namespace Publisher.Service.Seeding;

/// <summary>Event ids of the service's own seed (range 2300-2399).</summary>
internal static class SeedingEventIds
{
    public const int Listening = 2300;
    public const int Disabled = 2301;
    public const int RemoteStore = 2302;
    public const int ListenFailed = 2303;
    public const int ReleaseSeeding = 2304;
    public const int ReleaseStopped = 2305;
    public const int PayloadIncomplete = 2306;
    public const int TorrentUnreadable = 2307;
    public const int ReleaseFailed = 2308;
    public const int SyncFailed = 2309;
}
