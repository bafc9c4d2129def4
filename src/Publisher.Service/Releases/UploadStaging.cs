using Publisher.Storage;

namespace Publisher.Service.Releases;

/// <summary>
/// Where uploads wait in the blob store before their release is registered: <c>staging/{upload id}/{path}</c>,
/// where the path is the file's path inside the torrent (<c>name</c> or <c>name/sub/file</c>). Nothing serves
/// these keys; registering the release moves them to <c>releases/{info hash}/...</c> (a rename in the local store).
/// </summary>
internal static class UploadStaging
{
    /// <summary>The top-level folder of staged uploads in the blob store.</summary>
    public const string Root = "staging";

    /// <summary>How long staged files wait for their release to be registered before a sweep removes them.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A new upload id: 32 lowercase hex digits.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>True when <paramref name="id"/> is 32 lowercase hex digits (what <see cref="NewId"/> makes).</summary>
    public static bool IsValidId(string? id)
    {
        if (id is null || id.Length != 32)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The prefix of every staged file of the upload (ends with '/').</summary>
    public static string Prefix(string id) => string.Concat(Root, "/", id, "/");

    /// <summary>The staging key of one file of the upload.</summary>
    public static string Key(string id, string torrentPath) => string.Concat(Root, "/", id, "/", torrentPath);

    /// <summary>Deletes every staged file of upload <paramref name="id"/>; returns how many there were.</summary>
    public static async Task<int> DeleteAsync(IBlobStore store, string id, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var blob in store.ListAsync(Prefix(id), cancellationToken))
        {
            keys.Add(blob.Key);
        }

        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }

        return keys.Count;
    }

    /// <summary>Deletes staged files last written before <paramref name="cutoff"/>; returns how many.</summary>
    public static async Task<int> SweepAsync(IBlobStore store, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var blob in store.ListAsync(Root + "/", cancellationToken))
        {
            if (blob.LastModified < cutoff)
            {
                keys.Add(blob.Key);
            }
        }

        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }

        return keys.Count;
    }
}
