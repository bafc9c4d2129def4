namespace Publisher.Service.Releases;

/// <summary>
/// Checks the relative paths of uploaded files before anything is written: '/'-separated, no empty, '.' or '..'
/// components, no backslashes, colons or control characters, not absolute, at most 64 components of 255 chars.
/// (The torrent built from them is validated again by the metainfo parser.)
/// </summary>
internal static class UploadPaths
{
    public const int MaxComponents = 64;
    public const int MaxComponentLength = 255;

    /// <summary>The components of <paramref name="path"/>, or null when it is not a safe relative path.</summary>
    public static string[]? Split(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] == '/')
        {
            return null;
        }

        var components = path.Split('/');
        if (components.Length > MaxComponents)
        {
            return null;
        }

        foreach (var component in components)
        {
            if (component.Length is 0 or > MaxComponentLength || component is "." or ".." || component.EndsWith(' ') || component.EndsWith('.'))
            {
                return null;
            }

            foreach (var c in component)
            {
                if (char.IsControl(c) || c is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|')
                {
                    return null;
                }
            }
        }

        return components;
    }

    /// <summary>The blob key of a payload file: <c>releases/{tracker info hash}/{path inside the torrent}</c>.</summary>
    public static string BlobKey(string trackerInfoHashHex, string torrentPath) => $"releases/{trackerInfoHashHex}/{torrentPath}";
}
