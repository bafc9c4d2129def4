using Publisher.Storage.Azure;

namespace Publisher.Storage.Tests.Azure;

/// <summary>Stores on a fresh container of an Azurite fixture.</summary>
internal static class AzuriteStores
{
    public static string NewContainerName() => "t" + Guid.NewGuid().ToString("N");

    public static AzureBlobStoreOptions Options(AzuriteFixture azurite, string container) => new()
    {
        ConnectionString = azurite.ConnectionString,
        Container = container,
        BlockSize = 64 * 1024,
        MaxConcurrency = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        AttemptTimeout = TimeSpan.FromSeconds(30),
    };
}
