namespace Publisher.Service.Catalog;

/// <summary>
/// The catalogue's schema history. Steps are only ever appended: a released step is never edited, so every
/// database, whatever version it was created by, ends at the same schema. Timestamps are Unix milliseconds
/// and info hashes lowercase hex, so both engines store the same values.
/// </summary>
internal static class CatalogMigrations
{
    /// <summary>Every step, in order.</summary>
    public static IReadOnlyList<CatalogMigration> All { get; } =
    [
        new(1, "releases, files, api keys, download-token revocations, savings counters", d => $"""
            CREATE TABLE releases (
                id {d.IdentityPrimaryKey},
                product TEXT NOT NULL,
                channel TEXT NOT NULL,
                version TEXT NOT NULL,
                notes TEXT NOT NULL,
                name TEXT NOT NULL,
                info_hash_v1 TEXT NULL,
                info_hash_v2 TEXT NULL,
                info_hash_v2_short TEXT NULL,
                total_size {d.IntegerType} NOT NULL,
                piece_length {d.IntegerType} NOT NULL,
                file_count {d.IntegerType} NOT NULL,
                access TEXT NOT NULL,
                published_at {d.IntegerType} NOT NULL,
                yanked_at {d.IntegerType} NULL,
                torrent {d.BinaryType} NOT NULL,
                CONSTRAINT releases_product_version UNIQUE (product, version)
            );
            CREATE UNIQUE INDEX releases_info_hash_v1 ON releases (info_hash_v1);
            CREATE UNIQUE INDEX releases_info_hash_v2_short ON releases (info_hash_v2_short);
            CREATE INDEX releases_channel ON releases (channel, id);
            CREATE TABLE release_files (
                release_id {d.IntegerType} NOT NULL REFERENCES releases (id),
                file_index {d.IntegerType} NOT NULL,
                path TEXT NOT NULL,
                length {d.IntegerType} NOT NULL,
                PRIMARY KEY (release_id, file_index)
            );
            CREATE TABLE api_keys (
                key_id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                secret_hash {d.BinaryType} NOT NULL,
                scopes TEXT NOT NULL,
                created_at {d.IntegerType} NOT NULL,
                revoked_at {d.IntegerType} NULL
            );
            CREATE TABLE download_token_revocations (
                token_id TEXT NOT NULL PRIMARY KEY,
                expires_at {d.IntegerType} NOT NULL,
                revoked_at {d.IntegerType} NOT NULL
            );
            CREATE TABLE savings_counters (
                release_id {d.IntegerType} NOT NULL,
                day {d.IntegerType} NOT NULL,
                counter TEXT NOT NULL,
                value {d.IntegerType} NOT NULL,
                PRIMARY KEY (release_id, day, counter)
            );
            """),
        new(2, "download-token revocations by user", d => $"""
            CREATE TABLE download_token_user_revocations (
                user_id TEXT NOT NULL PRIMARY KEY,
                expires_at {d.IntegerType} NOT NULL,
                revoked_at {d.IntegerType} NOT NULL
            );
            """),
    ];

    /// <summary>The schema version this build of the service expects.</summary>
    public static int LatestVersion => All[^1].Version;
}
