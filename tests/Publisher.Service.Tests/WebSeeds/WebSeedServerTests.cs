using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Publisher.Service.Catalog;
using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary><c>GET|HEAD /seed/{hash}/{path}</c> against a real Kestrel: bodies, ranges, validators and status codes.</summary>
public sealed class WebSeedServerTests : IAsyncLifetime
{
    private const int FileLength = 5000;

    private readonly CountingOriginByteRecorder _recorder = new();
    private readonly WebSeedTestTorrent _single = WebSeedTestTorrent.SingleFile("app 1.0 é.bin", FileLength, seed: 7);
    private WebSeedTestHost _host = null!;
    private ReleaseRecord _release = null!;

    private string SinglePath => WebSeedTestHost.SeedPath(_single.InfoHashHex, _single.Name);

    private byte[] Content => _single.Files[0].Content;

    public async ValueTask InitializeAsync()
    {
        _host = await WebSeedTestHost.StartAsync(TestContext.Current.CancellationToken, configure: services =>
            services.TryAddSingleton<IOriginByteRecorder>(_recorder));
        _release = await _host.PublishAsync(_single, "1.0.0");
    }

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Get_WholeFile_Returns200WithLengthValidatorsAndBytes()
    {
        using var response = await _host.Client.GetAsync(SinglePath, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FileLength, response.Content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.True(await Eventually.TrueAsync(() => _recorder.Total(_release.Id) == FileLength));
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=1000-1999", 1000, 1000)]
    [InlineData("bytes=-500", 4500, 500)]
    [InlineData("bytes=-999999", 0, FileLength)]
    [InlineData("bytes=3000-", 3000, 2000)]
    [InlineData("bytes=4999-4999", 4999, 1)]
    [InlineData("bytes=4000-999999999999999999999999", 4000, 1000)]
    [InlineData("Bytes = 10-19", 10, 10)]
    public async Task Get_SingleRange_Returns206WithExactBytes(string range, int offset, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {offset}-{offset + count - 1}/{FileLength}", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(count, response.Content.Headers.ContentLength);
        Assert.Equal(Content.AsSpan(offset, count).ToArray(), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.True(await Eventually.TrueAsync(() => _recorder.Total(_release.Id) == count));
    }

    [Theory]
    [InlineData("bytes=5000-")]
    [InlineData("bytes=5000-6000")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=6000-7000, 9000-")]
    public async Task Get_UnsatisfiableRange_Returns416WithLength(string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{FileLength}", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(0, _recorder.Total(_release.Id));
    }

    [Theory]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=1-2-3")]
    [InlineData("bytes=")]
    [InlineData("items=0-10")]
    [InlineData("bytes 0-10")]
    [InlineData("bytes=0-10,20-30")]
    [InlineData("bytes=0-10,6000-")]
    public async Task Get_MalformedOrMultipleRanges_Returns200Whole(string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_IfRangeWithCurrentETag_Returns206()
    {
        var etag = await GetETagAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        request.Headers.Range = new RangeHeaderValue(10, 19);
        request.Headers.IfRange = new RangeConditionHeaderValue(etag);

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Content.AsSpan(10, 10).ToArray(), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("\"other\"")]
    [InlineData("W/\"{0}\"")]
    [InlineData("not a validator")]
    public async Task Get_IfRangeNotMatching_Returns200Whole(string ifRange)
    {
        var etag = await GetETagAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        request.Headers.Range = new RangeHeaderValue(10, 19);
        request.Headers.TryAddWithoutValidation("If-Range", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifRange, etag.Tag.Trim('"')));

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FileLength, (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
    }

    [Fact]
    public async Task Get_IfRangeDate_MatchGives206AndOtherDateGives200()
    {
        using var head = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, SinglePath), TestContext.Current.CancellationToken);
        var lastModified = head.Content.Headers.LastModified!.Value;

        using var matching = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        matching.Headers.Range = new RangeHeaderValue(0, 9);
        matching.Headers.IfRange = new RangeConditionHeaderValue(lastModified);
        using var matched = await _host.Client.SendAsync(matching, TestContext.Current.CancellationToken);

        using var older = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        older.Headers.Range = new RangeHeaderValue(0, 9);
        older.Headers.IfRange = new RangeConditionHeaderValue(lastModified.AddSeconds(-1));
        using var mismatched = await _host.Client.SendAsync(older, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, matched.StatusCode);
        Assert.Equal(HttpStatusCode.OK, mismatched.StatusCode);
    }

    [Fact]
    public async Task Head_WholeAndRange_SameHeadersNoBodyNothingCounted()
    {
        using var whole = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, SinglePath), TestContext.Current.CancellationToken);
        using var rangeRequest = new HttpRequestMessage(HttpMethod.Head, SinglePath);
        rangeRequest.Headers.Range = new RangeHeaderValue(100, 199);
        using var range = await _host.Client.SendAsync(rangeRequest, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(FileLength, whole.Content.Headers.ContentLength);
        Assert.NotNull(whole.Headers.ETag);
        Assert.Contains("bytes", whole.Headers.AcceptRanges);
        Assert.Empty(await whole.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(100, range.Content.Headers.ContentLength);
        Assert.Equal($"bytes 100-199/{FileLength}", range.Content.Headers.ContentRange!.ToString());
        Assert.Equal(0, _recorder.Total(_release.Id));
    }

    [Fact]
    public async Task Get_IfNoneMatchOrIfModifiedSince_Returns304()
    {
        var etag = await GetETagAsync();
        using var byTag = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        byTag.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"x\""));
        byTag.Headers.IfNoneMatch.Add(etag);
        using var tagResponse = await _host.Client.SendAsync(byTag, TestContext.Current.CancellationToken);

        using var byDate = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        byDate.Headers.IfModifiedSince = DateTimeOffset.UtcNow.AddMinutes(1);
        using var dateResponse = await _host.Client.SendAsync(byDate, TestContext.Current.CancellationToken);

        using var otherTag = new HttpRequestMessage(HttpMethod.Get, SinglePath);
        otherTag.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"x\""));
        using var otherResponse = await _host.Client.SendAsync(otherTag, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, tagResponse.StatusCode);
        Assert.Equal(etag, tagResponse.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, dateResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Theory]
    [InlineData("seed/0000000000000000000000000000000000000000/app.bin", HttpStatusCode.NotFound)]
    [InlineData("seed/00000000000000000000000000000000000000/app.bin", HttpStatusCode.BadRequest)]
    [InlineData("seed/zz00000000000000000000000000000000000000/app.bin", HttpStatusCode.BadRequest)]
    public async Task Get_UnknownOrMalformedRelease_Returns404Or400(string path, HttpStatusCode expected)
    {
        using var response = await _host.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Get_PathNotInTorrent_Returns404()
    {
        using var response = await _host.Client.GetAsync(WebSeedTestHost.SeedPath(_single.InfoHashHex, "other.bin"), TestContext.Current.CancellationToken);
        using var pad = await _host.Client.GetAsync(WebSeedTestHost.SeedPath(_single.InfoHashHex, _single.Name + "/.pad/10"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, pad.StatusCode);
    }

    [Fact]
    public async Task Get_YankedRelease_Returns410()
    {
        var catalog = _host.Services.GetRequiredService<ICatalogRepository>();
        Assert.True(await catalog.YankReleaseAsync(_release.Id, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken));

        using var response = await _host.Client.GetAsync(SinglePath, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }

    [Fact]
    public async Task Get_PayloadNotUploaded_Returns404AndWarns()
    {
        var torrent = WebSeedTestTorrent.SingleFile("missing.bin", 100, seed: 9);
        await _host.PublishAsync(torrent, "2.0.0", upload: false);

        using var response = await _host.Client.GetAsync(WebSeedTestHost.SeedPath(torrent.InfoHashHex, torrent.Name), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Contains(_host.Logs.Entries, e => e.EventId.Id == WebSeedEventIds.ReleaseFileMissing);
    }

    [Fact]
    public async Task Get_KeepAlive_ServesManyRequestsOnOneConnection()
    {
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, SinglePath);
            request.Headers.Range = new RangeHeaderValue(i * 100, (i * 100) + 99);
            using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.False(response.Headers.ConnectionClose ?? false);
            Assert.Equal(Content.AsSpan(i * 100, 100).ToArray(), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        }
    }

    private async Task<EntityTagHeaderValue> GetETagAsync()
    {
        using var response = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, SinglePath), TestContext.Current.CancellationToken);
        return response.Headers.ETag!;
    }
}
