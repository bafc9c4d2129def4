using System.Data.Common;

namespace Publisher.Service.Catalog;

/// <summary>What differs between the database engines under <see cref="CatalogRepository"/>.</summary>
internal abstract class CatalogDialect : IAsyncDisposable
{
    /// <summary>The engine's name, for logs and health reports.</summary>
    public abstract string Name { get; }

    /// <summary>The column definition of an auto-incrementing 64-bit primary key.</summary>
    public abstract string IdentityPrimaryKey { get; }

    /// <summary>The 64-bit integer column type.</summary>
    public abstract string IntegerType { get; }

    /// <summary>The byte-array column type.</summary>
    public abstract string BinaryType { get; }

    /// <summary>Opens a connection ready for use (pragmas applied).</summary>
    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that takes the write lock at once (no lock upgrades later).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="exception"/> reports a unique or primary-key violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>One-time preparation outside any transaction (e.g. SQLite's WAL journal).</summary>
    public virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Serializes schema migration and first-key creation between service instances sharing the database.</summary>
    public virtual Task LockForStartupAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Releases pooled resources.</summary>
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
