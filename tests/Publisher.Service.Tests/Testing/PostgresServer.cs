using System.Globalization;
using Npgsql;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster on 127.0.0.1: <c>initdb</c> into a temp directory, <c>pg_ctl start</c> on a free
/// port, <c>pg_ctl stop</c> on dispose. As root it runs as the <c>postgres</c> user (PostgreSQL refuses root).
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;

    private PostgresServer(string directory, string binDirectory, bool asPostgresUser, int port)
    {
        _directory = directory;
        _binDirectory = binDirectory;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>The connection string of database <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "publisher", Database = database, Pooling = true, Timeout = 30 }.ConnectionString;

    /// <summary>Finds PostgreSQL's binaries, or skips/fails the calling test naming the Debian package.</summary>
    public static string RequireBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var versions = Directory.GetDirectories("/usr/lib/postgresql");
            Array.Sort(versions, StringComparer.Ordinal);
            for (var i = versions.Length - 1; i >= 0; i--)
            {
                var initdb = Path.Combine(versions[i], "bin", "initdb");
                if (File.Exists(initdb))
                {
                    return Path.GetDirectoryName(ExternalTool.Require(initdb, "postgresql"))!;
                }
            }
        }

        return Path.GetDirectoryName(ExternalTool.Require("initdb", "postgresql"))!;
    }

    public static async Task<PostgresServer> StartAsync(string binDirectory, CancellationToken cancellationToken)
    {
        var asPostgresUser = Environment.IsPrivilegedProcess;
        var directory = Path.Combine(Path.GetTempPath(), $"publisher-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (asPostgresUser)
        {
            ExternalTool.Require("runuser", "util-linux");
            await RunCheckedAsync("chown", ["postgres:postgres", directory], cancellationToken);
        }

        var initialized = false;
        for (var attempt = 1; ; attempt++)
        {
            // The port is free when asked for but may be taken before the server binds it: retry with another.
            var server = new PostgresServer(directory, binDirectory, asPostgresUser, LoopbackPort.GetFreeTcpPort());
            if (!initialized)
            {
                await server.RunAsync("initdb", ["-D", server.DataDirectory, "-A", "trust", "-U", "publisher", "-E", "UTF8", "--no-sync", "--no-instructions"], cancellationToken);
                initialized = true;
            }

            try
            {
                await server.RunAsync("pg_ctl", [
                    "-D", server.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                    "-o", string.Create(CultureInfo.InvariantCulture, $"-k {directory} -h 127.0.0.1 -p {server.Port} -F -c max_connections=200"),
                    "start"], cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], CancellationToken.None);
        }
        finally
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var program = Path.Combine(_binDirectory, tool);
        if (_asPostgresUser)
        {
            await RunCheckedAsync("runuser", ["-u", "postgres", "--", program, .. arguments], cancellationToken);
        }
        else
        {
            await RunCheckedAsync(program, arguments, cancellationToken);
        }
    }

    private static async Task RunCheckedAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = ExternalTool.Find(program) ?? program;
        var result = await ChildProcess.RunAsync(path, arguments, TimeSpan.FromSeconds(90), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program} {string.Join(' ', arguments)}' exited with {result.ExitCode}:\n{result.Output}");
        }
    }
}
