using Publisher.Service.Tests.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Publisher.Service.Tests.Testing;

/// <summary>
/// One PostgreSQL server for the whole test assembly, started by the first test that asks for a database
/// (so runs that filter PostgreSQL tests out never start it) and stopped when the assembly is done.
/// </summary>
public sealed class PostgresFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresServer? _server;

    /// <summary>A fresh database's connection string; skips (or fails under CI) when PostgreSQL is not installed.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var binaries = PostgresServer.RequireBinaries();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _server ??= await PostgresServer.StartAsync(binaries, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        return await _server.CreateDatabaseAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _gate.Dispose();
    }
}
