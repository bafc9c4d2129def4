using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Tracker;

/// <summary>
/// The address a peer is recorded under: the socket's remote address, or, only when the connection comes from a
/// configured trusted proxy, the right-most untrusted address of <c>X-Forwarded-For</c>. The <c>ip</c> query
/// parameter is never believed.
/// </summary>
internal sealed class ClientAddressResolver
{
    private readonly IPAddress[] _trusted;

    public ClientAddressResolver(IOptions<TrackerOptions> options)
    {
        var proxies = options.Value.TrustedProxies;
        _trusted = new IPAddress[proxies.Count];
        for (var i = 0; i < proxies.Count; i++)
        {
            _trusted[i] = Normalize(IPAddress.Parse(proxies[i]));
        }
    }

    public IPAddress? Resolve(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || _trusted.Length == 0 || !IsTrusted(Normalize(remote)))
        {
            return remote;
        }

        var header = context.Request.Headers["X-Forwarded-For"];
        for (var h = header.Count - 1; h >= 0; h--)
        {
            var value = header[h].AsSpan();
            while (!value.IsEmpty)
            {
                var comma = value.LastIndexOf(',');
                var part = value[(comma + 1)..].Trim();
                value = comma < 0 ? [] : value[..comma];
                if (!IPAddress.TryParse(part, out var forwarded))
                {
                    // A malformed hop: stop believing anything further left.
                    return remote;
                }

                forwarded = Normalize(forwarded);
                if (!IsTrusted(forwarded))
                {
                    return forwarded;
                }

                remote = forwarded;
            }
        }

        return remote;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private bool IsTrusted(IPAddress address)
    {
        foreach (var trusted in _trusted)
        {
            if (trusted.Equals(address))
            {
                return true;
            }
        }

        return false;
    }
}
