using System.Globalization;
using System.Net.Sockets;
using Publisher.TestSupport;

namespace Publisher.Benchmarks.WebSeeds;

/// <summary>
/// A plain nginx serving a directory on 127.0.0.1 (sendfile, keep-alive), with its config, pid, logs and temp paths
/// in a temp directory; killed on dispose. (The interop tests have their own copy: the benchmark does not reference them.)
/// </summary>
internal sealed class BenchmarkNginx : IAsyncDisposable
{
    private readonly TempDirectory _prefix;
    private readonly ChildProcess _process;

    private BenchmarkNginx(TempDirectory prefix, ChildProcess process, int port)
    {
        _prefix = prefix;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    /// <summary>Starts nginx on <paramref name="root"/>, or returns null when it is not installed.</summary>
    public static async Task<BenchmarkNginx?> StartAsync(string root, CancellationToken cancellationToken)
    {
        var nginx = ExternalTool.Find("nginx");
        if (nginx is null)
        {
            return null;
        }

        var prefix = new TempDirectory("bench-nginx");
        Directory.CreateDirectory(prefix.Combine("tmp"));
        var port = LoopbackPort.GetFreeTcpPort();
        var config = prefix.Combine("nginx.conf");
        var p = prefix.Path;
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            worker_processes 1;
            pid {{p}}/nginx.pid;
            error_log {{p}}/error.log;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{p}}/tmp/body;
                proxy_temp_path {{p}}/tmp/proxy;
                fastcgi_temp_path {{p}}/tmp/fastcgi;
                uwsgi_temp_path {{p}}/tmp/uwsgi;
                scgi_temp_path {{p}}/tmp/scgi;
                default_type application/octet-stream;
                sendfile on;
                tcp_nopush on;
                keepalive_requests 100000;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{Path.GetFullPath(root)}};
                    location / { }
                }
            }
            """), cancellationToken);
        var process = ChildProcess.Start(nginx, ["-e", prefix.Combine("error.log"), "-c", config, "-p", p, "-g", "daemon off;"]);
        var server = new BenchmarkNginx(prefix, process, port);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"nginx exited at start: {process.Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, timeout.Token);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(20, timeout.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _prefix.Dispose();
    }
}
