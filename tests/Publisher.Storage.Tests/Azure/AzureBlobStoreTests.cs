using System.Net;
using System.Net.Http.Headers;
using Publisher.Storage.Azure;
using Publisher.Storage.Tests.Support;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>Azure-only behaviour against Azurite: SAS URLs, content types, paging, authorization failures.</summary>
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetDirectReadUrlAsync_PlainHttpClient_DownloadsWholeAndRanges()
    {
        using var store = NewStore();
        const int length = 200_000;
        await store.PutAsync("releases/1/My Game/é.bin", new GeneratedStream(length, 21), null, Token);

        var url = await store.GetDirectReadUrlAsync("releases/1/My Game/é.bin", TimeSpan.FromMinutes(10), Token);

        Assert.NotNull(url);
        Assert.Contains("sig=", url.Query, StringComparison.Ordinal);
        using var client = new HttpClient();
        Assert.Equal(GeneratedStream.Expected(21, 0, length), await client.GetByteArrayAsync(url, Token));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var response = await client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(GeneratedStream.Expected(21, 1000, 1000), await response.Content.ReadAsByteArrayAsync(Token));
        Assert.Equal(length, response.Content.Headers.ContentRange!.Length);
    }

    [Fact]
    public async Task GetDirectReadUrlAsync_Expired_IsRefused()
    {
        // A store whose clock is two hours behind signs a one-hour SAS that has already expired.
        var past = new ManualTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(2));
        var container = AzuriteStores.NewContainerName();
        using var store = NewStore(container);
        using var lagging = new AzureBlobStore(AzuriteStores.Options(azurite, container), timeProvider: past);
        await store.PutAsync("blob", new MemoryStream([1, 2, 3]), null, Token);

        var url = await lagging.GetDirectReadUrlAsync("blob", TimeSpan.FromHours(1), Token);

        using var client = new HttpClient();
        using var response = await client.GetAsync(url, Token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var fresh = await store.GetDirectReadUrlAsync("blob", TimeSpan.FromHours(1), Token);
        Assert.Equal([1, 2, 3], await client.GetByteArrayAsync(fresh, Token));
    }

    [Fact]
    public async Task GetDirectReadUrlAsync_ReadOnly_CannotWrite()
    {
        using var store = NewStore();
        await store.PutAsync("ro", new MemoryStream([1]), null, Token);
        var url = await store.GetDirectReadUrlAsync("ro", TimeSpan.FromMinutes(5), Token);

        using var client = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([9, 9]) };
        put.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        using var response = await client.SendAsync(put, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal([1], await ReadAllAsync(store, "ro"));
    }

    [Fact]
    public async Task GetDirectUploadUrlAsync_PlainHttpClientPut_CreatesTheBlob()
    {
        // A fresh store: issuing the SAS must create the container, which a per-blob SAS cannot do.
        using var store = NewStore();
        var url = await store.GetDirectUploadUrlAsync("uploads/direct.bin", TimeSpan.FromMinutes(5), Token);

        using var client = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([5, 6, 7, 8]) };
        put.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        using var response = await client.SendAsync(put, Token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([5, 6, 7, 8], await ReadAllAsync(store, "uploads/direct.bin"));
        using var get = await client.GetAsync(url, Token);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
    }

    [Fact]
    public async Task PutAsync_ContentType_IsKept()
    {
        using var store = NewStore();
        await store.PutAsync("t/small.torrent", new MemoryStream([1]), new BlobPutOptions { ContentType = "application/x-bittorrent" }, Token);
        await store.PutAsync("t/big.json", new GeneratedStream(300_000, 1), new BlobPutOptions { ContentType = "application/json" }, Token);

        Assert.Equal("application/x-bittorrent", (await store.GetPropertiesAsync("t/small.torrent", Token))!.ContentType);
        Assert.Equal("application/json", (await store.GetPropertiesAsync("t/big.json", Token))!.ContentType);
        var listed = new Dictionary<string, string>();
        await foreach (var blob in store.ListAsync("t/", Token))
        {
            listed[blob.Key] = blob.ContentType;
        }

        Assert.Equal("application/json", listed["t/big.json"]);
    }

    [Fact]
    public async Task ListAsync_MorePagesThanOne_FollowsMarkers()
    {
        var container = AzuriteStores.NewContainerName();
        using var store = new AzureBlobStore(AzuriteStores.Options(azurite, container)) { ListPageSize = 2 };
        for (var i = 0; i < 7; i++)
        {
            await store.PutAsync($"p/{i}", new MemoryStream([(byte)i]), null, Token);
        }

        var keys = new List<string>();
        await foreach (var blob in store.ListAsync("p/", Token))
        {
            keys.Add(blob.Key);
        }

        Assert.Equal(["p/0", "p/1", "p/2", "p/3", "p/4", "p/5", "p/6"], keys);
    }

    [Fact]
    public async Task ListAsync_ContainerMissing_IsEmpty()
    {
        using var store = NewStore();

        await foreach (var blob in store.ListAsync(string.Empty, Token))
        {
            Assert.Fail($"unexpected {blob.Key}");
        }
    }

    [Fact]
    public async Task PutAsync_WrongAccountKey_FailsWith403WithoutRetrying()
    {
        azurite.RequireAvailable();
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var options = AzuriteStores.Options(azurite, AzuriteStores.NewContainerName()) with
        {
            ConnectionString = azurite.ConnectionString.Replace(AzureConnectionString.DevelopmentAccountKey, wrongKey, StringComparison.Ordinal),
        };
        using var counting = new CountingHandler();
        using var store = new AzureBlobStore(options, counting);

        var exception = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync("x", new MemoryStream([1]), null, Token));

        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.Equal("AuthorizationFailure", exception.ErrorCode);
        Assert.Equal(1, counting.Count);
    }

    private AzureBlobStore NewStore(string? container = null)
    {
        azurite.RequireAvailable();
        return new AzureBlobStore(AzuriteStores.Options(azurite, container ?? AzuriteStores.NewContainerName()));
    }

    private static async Task<byte[]> ReadAllAsync(IBlobStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, 0, null, Token);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public CountingHandler()
            : base(new SocketsHttpHandler())
        {
        }

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
