using System.Globalization;
using Publisher.Service.Tracker.Redis;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.Tracker.Redis;

/// <summary>A real redis-server on 127.0.0.1 with a free port, no persistence; killed on dispose. Tests isolate by key prefix.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private ChildProcess? _process;

    /// <summary>"127.0.0.1:port", or null when redis-server is not installed (tests then call <see cref="Require"/>).</summary>
    public string? ConnectionString { get; private set; }

    public string Require()
    {
        ExternalTool.Require("redis-server", "redis-server");
        return ConnectionString ?? throw new InvalidOperationException("redis-server is installed but did not start.");
    }

    public async ValueTask InitializeAsync()
    {
        var path = ExternalTool.Find("redis-server");
        if (path is null)
        {
            return;
        }

        var port = LoopbackPort.GetFreeTcpPort();
        _process = ChildProcess.Start(path, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        var connectionString = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        RedisEndpoint.TryParse(connectionString, out var endpoint, out _);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            await using var client = new RedisClient(endpoint!, 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            try
            {
                var pong = await client.ExecuteAsync(new RespRequest(1).Add("PING"), CancellationToken.None);
                if (pong.Text == "PONG")
                {
                    ConnectionString = connectionString;
                    return;
                }
            }
            catch (RedisUnavailableException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
