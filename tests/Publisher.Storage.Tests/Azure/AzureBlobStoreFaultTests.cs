using System.Net;
using Publisher.Storage.Azure;
using Publisher.Storage.Tests.Support;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>Retries, Retry-After and timeouts against a scripted in-process handler on a manual clock.</summary>
public sealed class AzureBlobStoreFaultTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutAsync_503WithRetryAfterSeconds_WaitsThatLongThenSucceeds()
    {
        var time = new ManualTimeProvider(Start);
        using var handler = new ScriptedHandler((request, index, _) => Task.FromResult(index switch
        {
            0 => Created(), // create container
            1 => WithRetryAfter(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), TimeSpan.FromSeconds(7)),
            _ => Created(),
        }));
        using var store = NewStore(handler, time);

        var put = store.PutAsync("a/b", new MemoryStream([1, 2, 3]), null, Token);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(30), Token);
        Assert.False(put.IsCompleted);
        Assert.Equal(2, handler.Count);
        time.Advance(TimeSpan.FromSeconds(7));
        await put.WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Equal(3, handler.Count);
        var attempts = handler.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/a/b", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].Body, attempts[1].Body);
        Assert.NotEqual(attempts[0].Headers["Authorization"], string.Empty);
    }

    [Fact]
    public async Task GetPropertiesAsync_500WithRetryAfterDate_WaitsUntilThatDate()
    {
        var time = new ManualTimeProvider(Start);
        using var handler = new ScriptedHandler((_, index, _) =>
        {
            if (index == 0)
            {
                var response = new HttpResponseMessage(HttpStatusCode.InternalServerError);
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow() + TimeSpan.FromSeconds(12));
                return Task.FromResult(response);
            }

            return Task.FromResult(Properties(42));
        });
        using var store = NewStore(handler, time);

        var get = store.GetPropertiesAsync("x", Token);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(30), Token);
        time.Advance(TimeSpan.FromSeconds(12));
        var properties = await get.WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Equal(42, properties!.Length);
        Assert.Equal(2, handler.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task GetPropertiesAsync_TransientStatusWithoutRetryAfter_BacksOffAndRetries(HttpStatusCode status)
    {
        var time = new ManualTimeProvider(Start);
        using var handler = new ScriptedHandler((_, index, _) => Task.FromResult(index < 2 ? new HttpResponseMessage(status) : Properties(5)));
        using var store = NewStore(handler, time);

        var get = store.GetPropertiesAsync("x", Token);
        for (var retry = 0; retry < 2; retry++)
        {
            // A jittered exponential delay: anything up to the cap, shorter than the attempt timeout.
            var expectedCalls = retry + 1;
            await WaitUntilAsync(() => handler.Count == expectedCalls);
            await time.WaitForTimerAsync(due => due < TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), Token);
            time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(5, (await get.WaitAsync(TimeSpan.FromSeconds(30), Token))!.Length);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task GetPropertiesAsync_ConnectionRefused_IsRetried()
    {
        var time = new ManualTimeProvider(Start);
        using var handler = new ScriptedHandler((_, index, _) => index == 0
            ? throw new HttpRequestException("Connection refused (test)", new System.Net.Sockets.SocketException(111))
            : Task.FromResult(Properties(9)));
        using var store = NewStore(handler, time);

        var get = store.GetPropertiesAsync("x", Token);
        await time.WaitForTimerAsync(due => due < TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), Token);
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(9, (await get.WaitAsync(TimeSpan.FromSeconds(30), Token))!.Length);
    }

    [Fact]
    public async Task GetPropertiesAsync_AttemptHangs_TimesOutAndRetries()
    {
        var time = new ManualTimeProvider(Start);
        using var handler = new ScriptedHandler(async (_, index, cancellationToken) =>
        {
            if (index == 0)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Properties(11);
        });
        using var store = NewStore(handler, time);

        var get = store.GetPropertiesAsync("x", Token);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), Token);
        time.Advance(TimeSpan.FromMinutes(2));
        await time.WaitForTimerAsync(due => due < TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), Token);
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(11, (await get.WaitAsync(TimeSpan.FromSeconds(30), Token))!.Length);
        Assert.Equal(2, handler.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "AuthenticationFailed")]
    [InlineData(HttpStatusCode.BadRequest, "InvalidBlockList")]
    [InlineData(HttpStatusCode.Conflict, "LeaseIdMissing")]
    public async Task DeleteAsync_PermanentError_IsNotRetriedAndThrows(HttpStatusCode status, string code)
    {
        var time = new ManualTimeProvider(Start);
        using var handler = new ScriptedHandler((_, _, _) =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent("<Error><Code>" + code + "</Code></Error>") };
            response.Headers.TryAddWithoutValidation("x-ms-error-code", code);
            return Task.FromResult(response);
        });
        using var store = NewStore(handler, time);

        var exception = await Assert.ThrowsAsync<BlobStoreException>(() => store.DeleteAsync("x", Token));

        Assert.Equal(status, exception.StatusCode);
        Assert.Equal(code, exception.ErrorCode);
        Assert.Contains(code, exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task GetPropertiesAsync_AlwaysUnavailable_ThrowsAfterTheConfiguredRetries()
    {
        var time = new ManualTimeProvider(Start);
        using var handler = new ScriptedHandler((_, _, _) => Task.FromResult(WithRetryAfter(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), TimeSpan.FromSeconds(1))));
        using var store = NewStore(handler, time, retries: 3);

        var get = store.GetPropertiesAsync("x", Token);
        for (var i = 1; i <= 3; i++)
        {
            var expected = i;
            await WaitUntilAsync(() => handler.Count == expected);
            await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Token);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var exception = await Assert.ThrowsAsync<BlobStoreException>(() => get.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.StatusCode);
        Assert.Equal(4, handler.Count);
    }

    [Fact]
    public async Task PutAsync_BlockFailsOnce_RetrySendsTheSameBytes()
    {
        var time = new ManualTimeProvider(Start);
        var failed = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        using var handler = new ScriptedHandler((request, _, _) =>
        {
            var query = request.Uri.Query;
            if (query.Contains("comp=block&", StringComparison.Ordinal) && failed.TryAdd(query, true))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
            }

            return Task.FromResult(Created());
        });
        using var store = NewStore(handler, time, blockSize: 64 * 1024);
        const int length = (3 * 64 * 1024) + 100;

        var put = store.PutAsync("blocks/blob", new GeneratedStream(length, 11), null, Token);
        while (!put.IsCompleted)
        {
            await Task.WhenAny(put, time.WaitForTimerAsync(due => due < TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), Token));
            time.Advance(TimeSpan.FromSeconds(30));
        }

        var properties = await put;
        Assert.Equal(length, properties.Length);
        var blocks = handler.Requests.Where(r => r.Uri.Query.Contains("comp=block&", StringComparison.Ordinal)).GroupBy(r => r.Uri.Query).ToList();
        Assert.Equal(4, blocks.Count);
        foreach (var attempts in blocks)
        {
            var bodies = attempts.Select(a => a.Body).ToList();
            Assert.Equal(2, bodies.Count);
            Assert.Equal(bodies[0], bodies[1]);
        }

        var commit = Assert.Single(handler.Requests, r => r.Uri.Query.Contains("comp=blocklist", StringComparison.Ordinal));
        var xml = System.Text.Encoding.UTF8.GetString(commit.Body);
        var ids = blocks.Select(b => Uri.UnescapeDataString(b.Key.Split("blockid=")[1])).ToList();
        Assert.All(ids, id => Assert.Contains($"<Latest>{id}</Latest>", xml, StringComparison.Ordinal));
        Assert.Single(ids.Select(id => id.Length).Distinct());
        var assembled = blocks.OrderBy(b => xml.IndexOf(Uri.UnescapeDataString(b.Key.Split("blockid=")[1]), StringComparison.Ordinal)).SelectMany(b => b.First().Body).ToArray();
        Assert.Equal(GeneratedStream.Expected(11, 0, length), assembled);
    }

    private static AzureBlobStore NewStore(ScriptedHandler handler, TimeProvider time, int retries = 6, int blockSize = 8 * 1024 * 1024) => new(
        new AzureBlobStoreOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzureConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            Container = "faults",
            MaxRetryAttempts = retries,
            BlockSize = blockSize,
        },
        handler,
        timeProvider: time);

    private static HttpResponseMessage Created()
    {
        var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent([]) };
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0x8D0001\"");
        response.Content.Headers.LastModified = Start;
        return response;
    }

    private static HttpResponseMessage Properties(long length)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Content.Headers.ContentLength = length;
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0x8D0002\"");
        return response;
    }

    private static HttpResponseMessage WithRetryAfter(HttpResponseMessage response, TimeSpan delay)
    {
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        return response;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, cts.Token);
        }
    }
}
