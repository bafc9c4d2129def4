using System.Data.Common;

namespace Publisher.Service.Catalog;

internal sealed partial class CatalogRepository
{
    private const string ReleaseColumns =
        "id, product, channel, version, notes, name, info_hash_v1, info_hash_v2, total_size, piece_length, file_count, access, published_at, yanked_at, CAST(length(torrent) AS BIGINT)";

    /// <summary>The length in hex digits of an info hash as trackers see it (20 bytes).</summary>
    private const int ShortHashHexLength = 40;

    public async Task<CreateReleaseResult> CreateReleaseAsync(NewRelease release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        if (release.InfoHashV1 is null && release.InfoHashV2 is null)
        {
            throw new ArgumentException("A release needs a v1 or a v2 info hash.", nameof(release));
        }

        var v1 = release.InfoHashV1?.ToLowerInvariant();
        var v2 = release.InfoHashV2?.ToLowerInvariant();
        var v2Short = v2?[..ShortHashHexLength];

        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken);
        try
        {
            var status = await FindConflictAsync(connection, transaction, release.Product, release.Version, v1, v2Short, cancellationToken);
            if (status != CreateReleaseStatus.Created)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new CreateReleaseResult(status, null);
            }

            long id;
            await using (var insert = CreateCommand(connection, transaction, $"""
                INSERT INTO releases (product, channel, version, notes, name, info_hash_v1, info_hash_v2, info_hash_v2_short,
                                      total_size, piece_length, file_count, access, published_at, yanked_at, torrent)
                VALUES (@product, @channel, @version, @notes, @name, @v1, @v2, @v2short,
                        @size, @pieceLength, @fileCount, @access, @publishedAt, NULL, @torrent)
                RETURNING id
                """,
                ("@product", release.Product), ("@channel", release.Channel), ("@version", release.Version),
                ("@notes", release.Notes), ("@name", release.Name), ("@v1", v1), ("@v2", v2), ("@v2short", v2Short),
                ("@size", release.TotalSize), ("@pieceLength", release.PieceLength), ("@fileCount", (long)release.Files.Count),
                ("@access", AccessToText(release.Access)), ("@publishedAt", release.PublishedAt.ToUnixTimeMilliseconds()),
                ("@torrent", release.Torrent.ToArray())))
            {
                id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }

            await using (var insertFile = CreateCommand(connection, transaction,
                "INSERT INTO release_files (release_id, file_index, path, length) VALUES (@id, @index, @path, @length)"))
            {
                AddParameter(insertFile, "@id", id);
                var index = AddParameter(insertFile, "@index", 0L);
                var path = AddParameter(insertFile, "@path", string.Empty);
                var length = AddParameter(insertFile, "@length", 0L);
                for (var i = 0; i < release.Files.Count; i++)
                {
                    index.Value = (long)i;
                    path.Value = (object?)release.Files[i].Path ?? DBNull.Value;
                    length.Value = release.Files[i].Length;
                    await insertFile.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return new CreateReleaseResult(CreateReleaseStatus.Created, new ReleaseRecord(
                id, release.Product, release.Channel, release.Version, release.Notes, release.Name, v1, v2,
                release.TotalSize, release.PieceLength, release.Files.Count, release.Torrent.Length, release.Access,
                DateTimeOffset.FromUnixTimeMilliseconds(release.PublishedAt.ToUnixTimeMilliseconds()), null));
        }
        catch (DbException exception) when (_dialect.IsUniqueViolation(exception))
        {
            // Another instance published the same version or torrent between our check and our insert.
            await transaction.RollbackAsync(cancellationToken);
            var existing = await GetReleaseByVersionAsync(release.Product, release.Version, cancellationToken);
            return new CreateReleaseResult(existing is null ? CreateReleaseStatus.DuplicateInfoHash : CreateReleaseStatus.DuplicateVersion, null);
        }
    }

    public async Task<ReleaseRecord?> GetReleaseAsync(long id, CancellationToken cancellationToken) =>
        await QuerySingleReleaseAsync($"SELECT {ReleaseColumns} FROM releases WHERE id = @id", cancellationToken, ("@id", id));

    public async Task<ReleaseRecord?> GetReleaseByVersionAsync(string product, string version, CancellationToken cancellationToken) =>
        await QuerySingleReleaseAsync($"SELECT {ReleaseColumns} FROM releases WHERE product = @product AND version = @version", cancellationToken,
            ("@product", product), ("@version", version));

    public async Task<ReleaseRecord?> FindReleaseByInfoHashAsync(ReadOnlyMemory<byte> infoHash, CancellationToken cancellationToken)
    {
        if (infoHash.Length != ShortHashHexLength / 2)
        {
            return null;
        }

        var hex = Convert.ToHexStringLower(infoHash.Span);
        return await QuerySingleReleaseAsync($"SELECT {ReleaseColumns} FROM releases WHERE info_hash_v1 = @hash OR info_hash_v2_short = @hash", cancellationToken,
            ("@hash", hex));
    }

    public async Task<IReadOnlyList<ReleaseRecord>> ListReleasesAsync(ReleaseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, ReleaseQuery.MaxLimit);

        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, $"""
            SELECT {ReleaseColumns} FROM releases
            WHERE (@product IS NULL OR product = @product)
              AND (@channel IS NULL OR channel = @channel)
              AND (@includeYanked = 1 OR yanked_at IS NULL)
              AND (@before IS NULL OR id < @before)
            ORDER BY id DESC
            LIMIT @limit
            """,
            ("@product", query.Product), ("@channel", query.Channel), ("@includeYanked", query.IncludeYanked ? 1L : 0L),
            ("@before", query.BeforeId), ("@limit", (long)query.Limit));
        TypeNullableText(command, "@product", "@channel");
        TypeNullableInteger(command, "@before");

        var releases = new List<ReleaseRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            releases.Add(ReadRelease(reader));
        }

        return releases;
    }

    public async Task<IReadOnlyList<ReleaseFile>> GetReleaseFilesAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null,
            "SELECT path, length FROM release_files WHERE release_id = @id ORDER BY file_index", ("@id", id));
        var files = new List<ReleaseFile>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(new ReleaseFile(reader.GetString(0), reader.GetInt64(1)));
        }

        return files;
    }

    public async Task<byte[]?> GetTorrentAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, "SELECT torrent FROM releases WHERE id = @id", ("@id", id));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value as byte[];
    }

    public async Task<bool> YankReleaseAsync(long id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "UPDATE releases SET yanked_at = @at WHERE id = @id AND yanked_at IS NULL", cancellationToken,
            ("@at", at.ToUnixTimeMilliseconds()), ("@id", id)) == 1;
    }

    private static async Task<CreateReleaseStatus> FindConflictAsync(
        DbConnection connection, DbTransaction transaction, string product, string version, string? v1, string? v2Short, CancellationToken cancellationToken)
    {
        var sameVersion = await ScalarInt64Async(connection, transaction,
            "SELECT COUNT(*) FROM releases WHERE product = @product AND version = @version", cancellationToken,
            ("@product", product), ("@version", version));
        if (sameVersion != 0)
        {
            return CreateReleaseStatus.DuplicateVersion;
        }

        // A tracker looks releases up by 20-byte hash, v1 or truncated v2: no two releases may share one.
        await using var command = CreateCommand(connection, transaction, """
            SELECT COUNT(*) FROM releases
            WHERE info_hash_v1 = @v1 OR info_hash_v2_short = @v1 OR info_hash_v1 = @v2 OR info_hash_v2_short = @v2
            """, ("@v1", v1), ("@v2", v2Short));
        TypeNullableText(command, "@v1", "@v2");
        var sameHash = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return sameHash != 0 ? CreateReleaseStatus.DuplicateInfoHash : CreateReleaseStatus.Created;
    }

    private async Task<ReleaseRecord?> QuerySingleReleaseAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRelease(reader) : null;
    }

    private static ReleaseRecord ReadRelease(DbDataReader reader) => new(
        Id: reader.GetInt64(0),
        Product: reader.GetString(1),
        Channel: reader.GetString(2),
        Version: reader.GetString(3),
        Notes: reader.GetString(4),
        Name: reader.GetString(5),
        InfoHashV1: reader.IsDBNull(6) ? null : reader.GetString(6),
        InfoHashV2: reader.IsDBNull(7) ? null : reader.GetString(7),
        TotalSize: reader.GetInt64(8),
        PieceLength: reader.GetInt64(9),
        FileCount: checked((int)reader.GetInt64(10)),
        TorrentSize: reader.GetInt64(14),
        Access: AccessFromText(reader.GetString(11)),
        PublishedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
        YankedAt: ReadTime(reader, 13));

    private static string AccessToText(ReleaseAccess access) => access switch
    {
        ReleaseAccess.Public => "public",
        ReleaseAccess.Entitled => "entitled",
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, "Unknown release access mode."),
    };

    private static ReleaseAccess AccessFromText(string text) => text switch
    {
        "public" => ReleaseAccess.Public,
        "entitled" => ReleaseAccess.Entitled,
        _ => throw new InvalidOperationException($"The catalogue holds an unknown access mode '{text}'."),
    };
}
