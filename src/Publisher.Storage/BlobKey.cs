namespace Publisher.Storage;

/// <summary>
/// The rules for blob keys. A key is a relative path of one or more components separated by <c>/</c>:
/// at most <see cref="MaxLength"/> characters, no leading or trailing <c>/</c>, no empty, <c>.</c> or
/// <c>..</c> components, no backslashes, no colons (so no drive letters), no control characters and no
/// unpaired surrogates. The same key is valid for every store, so a release can move between them.
/// </summary>
public static class BlobKey
{
    /// <summary>The longest key, in UTF-16 characters (Azure's limit for blob names).</summary>
    public const int MaxLength = 1024;

    /// <summary>Throws <see cref="InvalidBlobKeyException"/> when <paramref name="key"/> is not a valid key.</summary>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var problem = FindProblem(key, isPrefix: false);
        if (problem is not null)
        {
            throw new InvalidBlobKeyException($"Invalid blob key '{Printable(key)}': {problem}.", nameof(key));
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidBlobKeyException"/> when <paramref name="prefix"/> is not a valid list prefix:
    /// empty, or a key, or a key followed by <c>/</c>, or the start of a component (e.g. <c>releases/ab</c>).
    /// </summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return;
        }

        var problem = FindProblem(prefix, isPrefix: true);
        if (problem is not null)
        {
            throw new InvalidBlobKeyException($"Invalid blob prefix '{Printable(prefix)}': {problem}.", nameof(prefix));
        }
    }

    /// <summary>Returns whether <paramref name="key"/> is a valid key.</summary>
    public static bool IsValid(string? key) => key is not null && FindProblem(key, isPrefix: false) is null;

    private static string? FindProblem(string key, bool isPrefix)
    {
        if (key.Length == 0)
        {
            return "it is empty";
        }

        if (key.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters";
        }

        if (key[0] == '/')
        {
            return "it is an absolute path (starts with '/')";
        }

        var componentStart = 0;
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '\\')
            {
                return "it contains a backslash (use '/' between components)";
            }

            if (c == ':')
            {
                return "it contains a colon";
            }

            if (char.IsControl(c))
            {
                return "it contains a control character";
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= key.Length || !char.IsLowSurrogate(key[i + 1]))
                {
                    return "it contains an unpaired surrogate";
                }

                i++;
                continue;
            }

            if (char.IsLowSurrogate(c))
            {
                return "it contains an unpaired surrogate";
            }

            if (c == '/')
            {
                var problem = CheckComponent(key.AsSpan(componentStart, i - componentStart));
                if (problem is not null)
                {
                    return problem;
                }

                componentStart = i + 1;
            }
        }

        if (componentStart == key.Length)
        {
            // Trailing '/': fine for a prefix ("releases/"), never for a key.
            return isPrefix ? null : "it ends with '/' (empty last component)";
        }

        var last = key.AsSpan(componentStart);
        if (isPrefix && last is not "." and not "..")
        {
            // A partial last component ("releases/ab") is a valid prefix.
            return null;
        }

        return CheckComponent(last);
    }

    private static string? CheckComponent(ReadOnlySpan<char> component)
    {
        if (component.IsEmpty)
        {
            return "it has an empty component ('//')";
        }

        if (component is "." or "..")
        {
            return "it has a '.' or '..' component (path traversal)";
        }

        return null;
    }

    private static string Printable(string key)
    {
        var shown = key.Length > 80 ? key[..80] + "..." : key;
        return string.Create(shown.Length, shown, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
