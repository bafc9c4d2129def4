using System.Globalization;
using System.Net.Sockets;
using Publisher.TestSupport;

namespace Publisher.Interop.Tests.WebSeedClient;

/// <summary>
/// A plain nginx serving <see cref="Root"/> on 127.0.0.1:PORT, started as a child process with its own minimal
/// config, pid, logs and temp paths in a temp directory (<c>nginx -c conf -p prefix -g 'daemon off;'</c>), killed on
/// dispose.
/// </summary>
public sealed class NginxWebSeed : IAsyncDisposable
{
    private readonly TempDirectory _prefix;
    private readonly ChildProcess _process;

    private NginxWebSeed(TempDirectory prefix, ChildProcess process, string root, int port)
    {
        _prefix = prefix;
        _process = process;
        Root = root;
        Port = port;
    }

    /// <summary>The served directory.</summary>
    public string Root { get; }

    public int Port { get; }

    /// <summary>The URL of <see cref="Root"/>, with a trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    /// <summary>nginx's access log so far (one line per request: method, path, status).</summary>
    public string AccessLog => File.Exists(_prefix.Combine("access.log")) ? File.ReadAllText(_prefix.Combine("access.log")) : string.Empty;

    public static async Task<NginxWebSeed> StartAsync(string root, CancellationToken cancellationToken)
    {
        var nginx = ExternalTool.Require("nginx", "nginx-light");
        var prefix = new TempDirectory("nginx");
        Directory.CreateDirectory(prefix.Combine("tmp"));
        var port = LoopbackPort.GetFreeTcpPort();
        var config = prefix.Combine("nginx.conf");
        await File.WriteAllTextAsync(config, Config(prefix.Path, Path.GetFullPath(root), port), cancellationToken);
        var process = ChildProcess.Start(nginx, ["-e", prefix.Combine("error.log"), "-c", config, "-p", prefix.Path, "-g", "daemon off;"]);
        var server = new NginxWebSeed(prefix, process, root, port);
        try
        {
            await WaitForPortAsync(port, process, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _prefix.Dispose();
    }

    private static string Config(string prefix, string root, int port) => string.Create(CultureInfo.InvariantCulture, $$"""
        worker_processes 1;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log;
        events { worker_connections 256; }
        http {
            access_log {{prefix}}/access.log;
            client_body_temp_path {{prefix}}/tmp/body;
            proxy_temp_path {{prefix}}/tmp/proxy;
            fastcgi_temp_path {{prefix}}/tmp/fastcgi;
            uwsgi_temp_path {{prefix}}/tmp/uwsgi;
            scgi_temp_path {{prefix}}/tmp/scgi;
            default_type application/octet-stream;
            sendfile on;
            tcp_nopush on;
            keepalive_requests 100000;
            server {
                listen 127.0.0.1:{{port}};
                root {{root}};
                location / { }
            }
        }
        """);

    private static async Task WaitForPortAsync(int port, ChildProcess process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited at start. Output:\n{process.Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, timeout.Token);
            }
        }
    }
}
