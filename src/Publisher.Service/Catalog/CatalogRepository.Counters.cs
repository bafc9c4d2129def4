using System.Globalization;

namespace Publisher.Service.Catalog;

internal sealed partial class CatalogRepository
{
    public async Task RevokeDownloadTokenAsync(string tokenId, DateTimeOffset expiresAt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            INSERT INTO download_token_revocations (token_id, expires_at, revoked_at) VALUES (@id, @expiresAt, @at)
            ON CONFLICT (token_id) DO NOTHING
            """, cancellationToken,
            ("@id", tokenId), ("@expiresAt", expiresAt.ToUnixTimeMilliseconds()), ("@at", at.ToUnixTimeMilliseconds()));
    }

    public async Task<bool> IsDownloadTokenRevokedAsync(string tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        return await ScalarInt64Async(connection, null, "SELECT COUNT(*) FROM download_token_revocations WHERE token_id = @id", cancellationToken,
            ("@id", tokenId)) != 0;
    }

    public async Task RevokeDownloadTokenUserAsync(string userId, DateTimeOffset expiresAt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            INSERT INTO download_token_user_revocations (user_id, expires_at, revoked_at) VALUES (@user, @expiresAt, @at)
            ON CONFLICT (user_id) DO UPDATE SET
                expires_at = CASE WHEN excluded.expires_at > download_token_user_revocations.expires_at THEN excluded.expires_at ELSE download_token_user_revocations.expires_at END,
                revoked_at = excluded.revoked_at
            """, cancellationToken,
            ("@user", userId), ("@expiresAt", expiresAt.ToUnixTimeMilliseconds()), ("@at", at.ToUnixTimeMilliseconds()));
    }

    public async Task<bool> IsDownloadTokenOrUserRevokedAsync(string tokenId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        return await ScalarInt64Async(connection, null, """
            SELECT (SELECT COUNT(*) FROM download_token_revocations WHERE token_id = @id)
                 + (SELECT COUNT(*) FROM download_token_user_revocations WHERE user_id = @user)
            """, cancellationToken, ("@id", tokenId), ("@user", userId)) != 0;
    }

    public async Task<int> PurgeExpiredRevocationsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        var tokens = await ExecuteAsync(connection, null, "DELETE FROM download_token_revocations WHERE expires_at <= @now", cancellationToken,
            ("@now", now.ToUnixTimeMilliseconds()));
        var users = await ExecuteAsync(connection, null, "DELETE FROM download_token_user_revocations WHERE expires_at <= @now", cancellationToken,
            ("@now", now.ToUnixTimeMilliseconds()));
        return tokens + users;
    }

    public async Task AddCountersAsync(IReadOnlyList<CounterIncrement> increments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(increments);
        if (increments.Count == 0)
        {
            return;
        }

        foreach (var increment in increments)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(increment.Amount, nameof(increments));
        }

        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
        await using (var command = CreateCommand(connection, transaction, """
            INSERT INTO savings_counters (release_id, day, counter, value) VALUES (@release, @day, @counter, @amount)
            ON CONFLICT (release_id, day, counter) DO UPDATE SET value = savings_counters.value + excluded.value
            """))
        {
            var release = AddParameter(command, "@release", 0L);
            var day = AddParameter(command, "@day", 0L);
            var counter = AddParameter(command, "@counter", string.Empty);
            var amount = AddParameter(command, "@amount", 0L);
            foreach (var increment in increments)
            {
                release.Value = increment.ReleaseId;
                day.Value = increment.Day;
                counter.Value = increment.Counter.ToString();
                amount.Value = increment.Amount;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CounterTotal>> GetCountersAsync(long fromDay, long toDay, long? releaseId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, """
            SELECT release_id, day, counter, value FROM savings_counters
            WHERE day >= @from AND day <= @to AND (@release IS NULL OR release_id = @release)
            ORDER BY day, release_id, counter
            """, ("@from", fromDay), ("@to", toDay), ("@release", releaseId));
        TypeNullableInteger(command, "@release");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new List<CounterTotal>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // Counters written by a newer service version that this one does not know are left out.
            if (Enum.TryParse<CatalogCounter>(reader.GetString(2), ignoreCase: false, out var counter)
                && Enum.IsDefined(counter)
                && !int.TryParse(reader.GetString(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                totals.Add(new CounterTotal(reader.GetInt64(0), reader.GetInt64(1), counter, reader.GetInt64(3)));
            }
        }

        return totals;
    }
}
