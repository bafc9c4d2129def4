using System.Net;
using System.Net.Http.Headers;
using Publisher.Torrent.Tests.Trackers;
using Publisher.Torrent.WebSeeds;
using Xunit;

namespace Publisher.Torrent.Tests.WebSeeds;

public sealed class WebSeedResponseCheckTests
{
    private static readonly TimeProvider Clock = new ManualTimeProvider();

    private static HttpResponseMessage Partial(long from, long to, long? total, int bodyLength)
    {
        var content = new ByteArrayContent(new byte[bodyLength]);
        content.Headers.ContentRange = total is { } length ? new ContentRangeHeaderValue(from, to, length) : new ContentRangeHeaderValue(from, to);
        return new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
    }

    [Fact]
    public void Check_ExactPartialContent_Succeeds()
    {
        using var response = Partial(100, 199, 1000, 100);

        Assert.True(WebSeedResponseCheck.Check(response, 0, 100, 100, 1000, Clock).IsSuccess);
    }

    [Fact]
    public void Check_PartialContentWithoutTotal_Succeeds()
    {
        using var response = Partial(100, 199, null, 100);

        Assert.True(WebSeedResponseCheck.Check(response, 0, 100, 100, 1000, Clock).IsSuccess);
    }

    [Theory]
    [InlineData(101, 200, 1000L, 100)] // shifted range
    [InlineData(100, 198, 1000L, 99)] // short range
    [InlineData(100, 199, 999L, 100)] // the file has another length
    [InlineData(100, 199, 1000L, 99)] // Content-Length disagrees
    public void Check_WrongPartialContent_IsRejected(long from, long to, long total, int body)
    {
        using var response = Partial(from, to, total, body);

        Assert.Equal(WebSeedFetchStatus.Rejected, WebSeedResponseCheck.Check(response, 3, 100, 100, 1000, Clock).Status);
    }

    [Fact]
    public void Check_PartialContentWithoutContentRange_IsRejected()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(new byte[100]) };

        Assert.Equal(WebSeedFetchStatus.Rejected, WebSeedResponseCheck.Check(response, 0, 100, 100, 1000, Clock).Status);
    }

    [Fact]
    public void Check_WholeFileForAPartialRequest_IsRejected()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[1000]) };

        var result = WebSeedResponseCheck.Check(response, 2, 100, 100, 1000, Clock);

        Assert.Equal(WebSeedFetchStatus.Rejected, result.Status);
        Assert.Equal(2, result.FileIndex);
    }

    [Fact]
    public void Check_WholeFileForAWholeRequest_Succeeds()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[1000]) };

        Assert.True(WebSeedResponseCheck.Check(response, 0, 0, 1000, 1000, Clock).IsSuccess);
    }

    [Fact]
    public void Check_WholeFileOfAnotherLength_IsRejected()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[999]) };

        Assert.Equal(WebSeedFetchStatus.Rejected, WebSeedResponseCheck.Check(response, 0, 0, 1000, 1000, Clock).Status);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public void Check_ServerBusy_IsTransientWithRetryAfter(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        var result = WebSeedResponseCheck.Check(response, 0, 0, 10, 10, Clock);

        Assert.Equal(WebSeedFetchStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
    }

    [Fact]
    public void Check_RetryAfterDate_IsTheTimeUntilThenClampedToTheLimit()
    {
        using var soon = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        soon.Headers.RetryAfter = new RetryConditionHeaderValue(Clock.GetUtcNow().AddSeconds(30));
        using var late = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        late.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromDays(2));

        Assert.Equal(TimeSpan.FromSeconds(30), WebSeedResponseCheck.Check(soon, 0, 0, 10, 10, Clock).RetryAfter);
        Assert.Equal(ProtocolLimits.MaxWebSeedRetryAfter, WebSeedResponseCheck.Check(late, 0, 0, 10, 10, Clock).RetryAfter);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Gone)]
    [InlineData(HttpStatusCode.RequestedRangeNotSatisfiable)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public void Check_OtherAnswers_AreRejected(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);

        Assert.Equal(WebSeedFetchStatus.Rejected, WebSeedResponseCheck.Check(response, 0, 0, 10, 10, Clock).Status);
    }
}
