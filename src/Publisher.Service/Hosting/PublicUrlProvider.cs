using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Hosting;

/// <summary>
/// The base URL written into torrents and feeds: <c>Publisher:PublicUrl</c>, else the first address the server
/// listens on (unless it is a wildcard such as 0.0.0.0, which no client can reach: then the request's own scheme
/// and host), else the request's scheme and host. Always ends with '/'.
/// </summary>
internal sealed class PublicUrlProvider
{
    private readonly IOptions<PublisherOptions> _options;
    private readonly IServer? _server;

    public PublicUrlProvider(IOptions<PublisherOptions> options, IServer? server = null)
    {
        _options = options;
        _server = server;
    }

    /// <summary>The base URL for <paramref name="context"/>'s request.</summary>
    public Uri GetBaseUrl(HttpContext? context)
    {
        if (_options.Value.PublicUrl is { } configured)
        {
            return WithSlash(configured);
        }

        var addresses = _server?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is not null)
        {
            foreach (var address in addresses)
            {
                if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && !IsWildcard(uri.Host))
                {
                    return WithSlash(uri);
                }
            }
        }

        if (context is not null && context.Request.Host.HasValue)
        {
            return new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
        }

        return new Uri("http://127.0.0.1:5080/");
    }

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "[::]" or "::" or "+" or "*";

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
