using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Tracker.Redis;

/// <summary>Checks <c>Publisher:Swarm</c> at start: a known provider, and for Redis a usable <c>ConnectionStrings:Redis</c> and sane timeouts.</summary>
internal sealed class RedisSwarmOptionsValidator : IValidateOptions<RedisSwarmOptions>
{
    private readonly IConfiguration _configuration;

    public RedisSwarmOptionsValidator(IConfiguration configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, RedisSwarmOptions options)
    {
        if (string.Equals(options.Provider, "Memory", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Success;
        }

        if (!string.Equals(options.Provider, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail($"Publisher:Swarm:Provider is '{options.Provider}'; use Memory or Redis.");
        }

        var failures = new List<string>();
        if (!RedisEndpoint.TryParse(_configuration.GetConnectionString("Redis"), out _, out var error))
        {
            failures.Add("Publisher:Swarm:Provider is Redis but ConnectionStrings:Redis is not usable: " + error);
        }

        if (options.Connections is < 1 or > 64)
        {
            failures.Add("Publisher:Swarm:Connections must be from 1 to 64.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add("Publisher:Swarm:ConnectTimeout and CommandTimeout must be positive.");
        }

        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            failures.Add("Publisher:Swarm:KeyPrefix must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
