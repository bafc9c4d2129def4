using System.Net;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Tracker;

/// <summary>Checks <see cref="TrackerOptions"/> once at start so a bad configuration stops the host with a clear message.</summary>
internal sealed class TrackerOptionsValidator : IValidateOptions<TrackerOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackerOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Access))
        {
            failures.Add("Publisher:Tracker:Access must be open, registered or entitled.");
        }

        if (options.UdpPort is < 0 or > 65535)
        {
            failures.Add("Publisher:Tracker:UdpPort must be 0 (off) or a port 1-65535.");
        }

        if (options.UdpPort != 0 && !IPAddress.TryParse(options.UdpAddress, out _))
        {
            failures.Add($"Publisher:Tracker:UdpAddress '{options.UdpAddress}' is not an IP address.");
        }

        if (options.Interval < TimeSpan.FromSeconds(10) || options.Interval > TimeSpan.FromDays(1))
        {
            failures.Add("Publisher:Tracker:Interval must be between 10 seconds and 1 day.");
        }

        if (options.IntervalJitter < TimeSpan.Zero || options.IntervalJitter > options.Interval)
        {
            failures.Add("Publisher:Tracker:IntervalJitter must be between 0 and Interval.");
        }

        if (options.MinInterval <= TimeSpan.Zero || options.MinInterval > options.Interval)
        {
            failures.Add("Publisher:Tracker:MinInterval must be positive and at most Interval.");
        }

        if (options.PeerTimeout <= options.Interval + options.IntervalJitter)
        {
            failures.Add("Publisher:Tracker:PeerTimeout must be longer than Interval plus IntervalJitter, or peers expire between announces.");
        }

        if (options.SweepInterval <= TimeSpan.Zero || options.SwarmRetention < TimeSpan.Zero)
        {
            failures.Add("Publisher:Tracker:SweepInterval must be positive and SwarmRetention not negative.");
        }

        if (options.NumWantMax is < 1 or > 1000 || options.NumWantDefault < 0 || options.NumWantDefault > options.NumWantMax)
        {
            failures.Add("Publisher:Tracker:NumWantMax must be 1-1000 and NumWantDefault 0-NumWantMax.");
        }

        if (options.MaxSwarms < 1 || options.MaxPeersPerSwarm < 1)
        {
            failures.Add("Publisher:Tracker:MaxSwarms and MaxPeersPerSwarm must be positive.");
        }

        foreach (var proxy in options.TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                failures.Add($"Publisher:Tracker:TrustedProxies entry '{proxy}' is not an IP address.");
            }
        }

        if (options.TokenSigningKey is not null && !DownloadTokenService.IsUsableKey(options.TokenSigningKey))
        {
            failures.Add("Publisher:Tracker:TokenSigningKey must be base64 of at least 32 bytes.");
        }

        if (options.Access == TrackerAccessMode.Entitled && options.TokenSigningKey is null)
        {
            failures.Add("Publisher:Tracker:TokenSigningKey is required when Access is entitled (tokens must verify across restarts).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
