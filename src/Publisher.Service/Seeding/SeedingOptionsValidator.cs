using System.Net;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Seeding;

/// <summary>Checks <see cref="PublisherOptions.Seeding"/> once at start-up, naming the configuration key at fault.</summary>
internal sealed class SeedingOptionsValidator : IValidateOptions<PublisherOptions>
{
    public ValidateOptionsResult Validate(string? name, PublisherOptions options)
    {
        var seeding = options.Seeding;
        var failures = new List<string>();
        if (!IPAddress.TryParse(seeding.ListenAddress, out _))
        {
            failures.Add($"Publisher:Seeding:ListenAddress '{seeding.ListenAddress}' is not an IP address.");
        }

        if (seeding.Port is < 0 or > 65535)
        {
            failures.Add("Publisher:Seeding:Port must be 0 (any free port) or a port 1-65535.");
        }

        if (seeding.MaxUploadBytesPerSecond < 0)
        {
            failures.Add("Publisher:Seeding:MaxUploadBytesPerSecond must be 0 (unlimited) or more.");
        }

        if (seeding.MaxReleases < 1)
        {
            failures.Add("Publisher:Seeding:MaxReleases must be at least 1.");
        }

        if (seeding.RefreshInterval < TimeSpan.FromMilliseconds(50) || seeding.RefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Publisher:Seeding:RefreshInterval must be between 50 milliseconds and 1 day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
