using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Publisher.Service.Hosting;

namespace Publisher.Service.Tests.Hosting;

public sealed class PublicUrlProviderTests
{
    [Fact]
    public void GetBaseUrl_Configured_WinsAndEndsWithSlash()
    {
        var provider = new PublicUrlProvider(Options.Create(new PublisherOptions { PublicUrl = new Uri("https://cdn.example.com/dl") }), Server("http://127.0.0.1:5080"));

        Assert.Equal("https://cdn.example.com/dl/", provider.GetBaseUrl(Request("other.example", "http")).AbsoluteUri);
    }

    [Fact]
    public void GetBaseUrl_NotConfigured_UsesTheFirstListeningAddress()
    {
        var provider = new PublicUrlProvider(Options.Create(new PublisherOptions()), Server("http://127.0.0.1:5080"));

        Assert.Equal("http://127.0.0.1:5080/", provider.GetBaseUrl(null).AbsoluteUri);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://+:5080")]
    public void GetBaseUrl_WildcardListener_UsesTheRequestHost(string address)
    {
        var provider = new PublicUrlProvider(Options.Create(new PublisherOptions()), Server(address));

        Assert.Equal("https://downloads.example.org:8443/", provider.GetBaseUrl(Request("downloads.example.org:8443", "https")).AbsoluteUri);
    }

    private static IServer Server(string address)
    {
        var features = new FeatureCollection();
        var addresses = new ServerAddressesFeature();
        addresses.Addresses.Add(address);
        features.Set<IServerAddressesFeature>(addresses);
        return new FakeServer(features);
    }

    private static DefaultHttpContext Request(string host, string scheme)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Scheme = scheme;
        return context;
    }

    private sealed class FakeServer(IFeatureCollection features) : IServer
    {
        public IFeatureCollection Features { get; } = features;

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
