using Microsoft.Extensions.Options;

namespace Publisher.Service.WebSeeds;

/// <summary>Checks <see cref="WebSeedOptions"/> once at start-up; every failure names its configuration key.</summary>
internal sealed class WebSeedOptionsValidator : IValidateOptions<WebSeedOptions>
{
    public ValidateOptionsResult Validate(string? name, WebSeedOptions options)
    {
        var failures = new List<string>();
        if (options.RedirectLifetime < TimeSpan.FromMinutes(1) || options.RedirectLifetime > TimeSpan.FromDays(1))
        {
            failures.Add("Publisher:WebSeed:RedirectLifetime must be between 00:01:00 and 1.00:00:00.");
        }

        if (options.PermitsPerSecond is < 1 or > 1_000_000)
        {
            failures.Add("Publisher:WebSeed:PermitsPerSecond must be 1 to 1000000.");
        }

        if (options.BurstPermits < 1 || options.BurstPermits > 10_000_000)
        {
            failures.Add("Publisher:WebSeed:BurstPermits must be 1 to 10000000.");
        }

        if (options.MaxCachedReleases is < 1 or > 100_000)
        {
            failures.Add("Publisher:WebSeed:MaxCachedReleases must be 1 to 100000.");
        }

        if (options.ReleaseCacheLifetime < TimeSpan.Zero || options.ReleaseCacheLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Publisher:WebSeed:ReleaseCacheLifetime must be between 00:00:00 and 01:00:00.");
        }

        if (options.SendBufferSize is < 64 * 1024 or > 16 * 1024 * 1024)
        {
            failures.Add("Publisher:WebSeed:SendBufferSize must be 65536 to 16777216 bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
