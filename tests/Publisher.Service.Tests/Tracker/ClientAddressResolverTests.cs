using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class ClientAddressResolverTests
{
    private static IPAddress? Resolve(string remote, string? forwardedFor, params string[] trusted)
    {
        var options = new TrackerOptions();
        foreach (var proxy in trusted)
        {
            options.TrustedProxies.Add(proxy);
        }

        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        return new ClientAddressResolver(Options.Create(options)).Resolve(context);
    }

    [Theory]
    [InlineData("127.0.0.1", "10.0.0.9", new string[0], "127.0.0.1")]
    [InlineData("127.0.0.1", "10.0.0.9", new[] { "127.0.0.1" }, "10.0.0.9")]
    [InlineData("::ffff:127.0.0.1", "10.0.0.9", new[] { "127.0.0.1" }, "10.0.0.9")]
    [InlineData("127.0.0.1", "10.0.0.1, 10.0.0.2, 192.168.1.1", new[] { "127.0.0.1", "192.168.1.1" }, "10.0.0.2")]
    [InlineData("127.0.0.1", "10.0.0.1, garbage", new[] { "127.0.0.1" }, "127.0.0.1")]
    [InlineData("127.0.0.1", "", new[] { "127.0.0.1" }, "127.0.0.1")]
    [InlineData("192.0.2.7", "10.0.0.9", new[] { "127.0.0.1" }, "192.0.2.7")]
    public void Resolve_ForwardedFor_BelievedOnlyThroughTrustedHops(string remote, string forwardedFor, string[] trusted, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), Resolve(remote, forwardedFor, trusted));
    }
}
