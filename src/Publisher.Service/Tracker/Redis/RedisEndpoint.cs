using System.Globalization;

namespace Publisher.Service.Tracker.Redis;

/// <summary>
/// Where Redis is, from <c>ConnectionStrings:Redis</c>: <c>host:port</c> followed by optional comma-separated
/// <c>password=...</c>, <c>user=...</c> and <c>defaultDatabase=N</c> (e.g. <c>127.0.0.1:6379,password=s3cret,defaultDatabase=2</c>).
/// </summary>
internal sealed record RedisEndpoint(string Host, int Port, string? User, string? Password, int Database)
{
    /// <summary>Parses a connection string; false with a reason when it is not one.</summary>
    public static bool TryParse(string? connectionString, out RedisEndpoint? endpoint, out string error)
    {
        endpoint = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = "ConnectionStrings:Redis is empty.";
            return false;
        }

        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var hostPort = parts[0];
        var colon = hostPort.LastIndexOf(':');
        var host = colon > 0 ? hostPort[..colon].Trim('[', ']') : hostPort;
        var port = 6379;
        if (colon > 0 && (!int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"'{hostPort}' is not host:port.";
            return false;
        }

        string? user = null;
        string? password = null;
        var database = 0;
        for (var i = 1; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            var key = equals > 0 ? parts[i][..equals].Trim() : parts[i];
            var value = equals > 0 ? parts[i][(equals + 1)..] : string.Empty;
            if (key.Equals("password", StringComparison.OrdinalIgnoreCase))
            {
                password = value;
            }
            else if (key.Equals("user", StringComparison.OrdinalIgnoreCase))
            {
                user = value;
            }
            else if (key.Equals("defaultDatabase", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out database))
                {
                    error = $"defaultDatabase '{value}' is not a non-negative number.";
                    return false;
                }
            }
            else
            {
                error = $"Unknown Redis connection string option '{key}' (known: password, user, defaultDatabase).";
                return false;
            }
        }

        endpoint = new RedisEndpoint(host, port, user, password, database);
        return true;
    }

    /// <summary>Host, port and database only: the password never reaches logs.</summary>
    public override string ToString() => $"{Host}:{Port}/{Database}";
}
