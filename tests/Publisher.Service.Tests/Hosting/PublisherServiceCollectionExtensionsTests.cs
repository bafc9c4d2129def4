using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Catalog;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Hosting;

public sealed class PublisherServiceCollectionExtensionsTests
{
    [Fact]
    public void AddPublisherService_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddPublisherService();
        var count = services.Count;

        services.AddPublisherService();

        Assert.Equal(count, services.Count);
    }

    [Fact]
    public async Task AddPublisherService_HostReplacedTheCatalogFirst_KeepsTheHostsChoice()
    {
        var services = new ServiceCollection();
        var mine = new CatalogRepository(SqliteCatalogDialect.ForFile(":memory:"));
        services.AddSingleton<ICatalogRepository>(mine);

        services.AddPublisherService();

        await using var provider = services.BuildServiceProvider();
        Assert.Same(mine, provider.GetRequiredService<ICatalogRepository>());
    }

    [Fact]
    public async Task MapPublisher_FreshDataDirectory_HealthIsHealthyAndFilesAreCreated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);

        using var response = await host.Client.GetAsync("/health", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.RootElement.GetProperty("checks").GetProperty("catalog").GetProperty("status").GetString());
        Assert.Equal("Healthy", health.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "publisher.db")));
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "signing-key.pem")));
        Assert.Empty(host.Logs.Errors());
    }

    [Fact]
    public async Task MapPublisher_CatalogUnreachable_HealthIs503()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(host.DataDirectory, "publisher.db"));
        File.Delete(Path.Combine(host.DataDirectory, "publisher.db-wal"));
        File.Delete(Path.Combine(host.DataDirectory, "publisher.db-shm"));

        using var response = await host.Client.GetAsync("/health", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Unhealthy", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPublisher_BlobStoreDirectoryGone_HealthIs503()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);
        using (var healthy = await host.Client.GetAsync("/health", ct))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        Directory.Delete(Path.Combine(host.DataDirectory, "blobs"), recursive: true);

        using var response = await host.Client.GetAsync("/health", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("blob store", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPublisher_OpenApiDocument_DescribesTheJsonApi()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(ct);

        using var document = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json", ct));

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/keys/signing", out _));
        Assert.True(paths.TryGetProperty("/api/keys", out _));
    }

    [Fact]
    public async Task StartAsync_AzureStorageWithoutConnectionString_FailsNamingTheSection()
    {
        var ct = TestContext.Current.CancellationToken;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ServiceHost.StartAsync(ct, new Dictionary<string, string?> { ["Publisher:Storage:Kind"] = "AzureBlob" }));

        Assert.Contains("Publisher:Storage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BadConfiguration_FailsNamingTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ServiceHost.StartAsync(ct, new Dictionary<string, string?> { ["Publisher:BootstrapApiKey"] = "short" }));

        Assert.Contains("BootstrapApiKey", error.Message, StringComparison.Ordinal);
    }
}
