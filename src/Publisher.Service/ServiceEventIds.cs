namespace Publisher.Service;

/// <summary>
/// Log event ids of the service, reserved per area so a log line's id says where it came from:
/// 1000-1099 hosting and catalogue, 1100-1199 security, 1200-1299 releases, 1300-1399 feeds,
/// 2000-2099 tracker, 2100-2199 web seed, 2200-2299 savings and telemetry.
/// </summary>
internal static class ServiceEventIds
{
    public const int CatalogMigrated = 1000;
    public const int CatalogReady = 1001;
    public const int DataDirectoryReady = 1002;
    public const int ReleaseIndexRefreshFailed = 1003;
    public const int ReleaseIndexLoaded = 1004;

    public const int BootstrapKeyCreated = 1100;
    public const int BootstrapKeyConfigured = 1101;
    public const int SigningKeyCreated = 1102;
    public const int SigningKeyLoaded = 1103;
    public const int ApiKeyRejected = 1104;
    public const int ApiKeyCreated = 1105;
    public const int ApiKeyRevoked = 1106;
    public const int RevocationsPurged = 1107;
    public const int RevocationPurgeFailed = 1108;

    public const int ReleasePublished = 1200;
    public const int ReleaseRejected = 1201;
    public const int ReleaseYanked = 1202;
    public const int UploadStagingSwept = 1203;
    public const int UploadSpotCheckFailed = 1204;
    public const int UploadStagingSweepFailed = 1205;

    public const int SavingsFlushFailed = 2200;
    public const int TelemetryRejected = 2201;
}
