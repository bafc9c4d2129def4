using System.Runtime.CompilerServices;
using System.Text;

namespace Publisher.Torrent.Metainfo;

/// <summary>
/// Checks every path component that comes from a torrent before it can name a file on disk. Rules are the
/// union of what Linux, macOS and Windows refuse or misinterpret, so a torrent safe on one is safe on all.
/// </summary>
internal static class TorrentPathRules
{
    private static readonly string[] ReservedWindowsNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    ];

    /// <summary>Returns why <paramref name="component"/> is unsafe as a file or folder name, or null when it is fine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? GetProblem(string component)
    {
        if (component.Length == 0)
        {
            return "an empty path component (would make the path absolute or ambiguous)";
        }

        if (component is "." or "..")
        {
            return $"the path component '{component}' (would leave the torrent's folder)";
        }

        if (Encoding.UTF8.GetByteCount(component) > ProtocolLimits.MaxPathComponentBytes)
        {
            return $"a path component longer than {ProtocolLimits.MaxPathComponentBytes} bytes";
        }

        foreach (var c in component)
        {
            if (c < 0x20 || c == 0x7F)
            {
                return "a control character (such as NUL) in a file name";
            }

            switch (c)
            {
                case '/':
                case '\\':
                    return $"a path separator inside the component '{component}'";
                case '<':
                case '>':
                case ':':
                case '"':
                case '|':
                case '?':
                case '*':
                    return $"the character '{c}' in '{component}' (not allowed on Windows; ':' also makes drive paths like C:)";
                default:
                    break;
            }
        }

        if (component[^1] is '.' or ' ')
        {
            return $"the name '{component}' ending in a dot or space (Windows would strip it)";
        }

        var dot = component.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? component.AsSpan() : component.AsSpan(0, dot)).TrimEnd(' ');
        if (stem.Length is not (3 or 4))
        {
            return null;
        }

        foreach (var reserved in ReservedWindowsNames)
        {
            if (stem.Equals(reserved, StringComparison.OrdinalIgnoreCase))
            {
                return $"the name '{component}', which is a reserved device name on Windows";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="InvalidTorrentException"/> when any component of <paramref name="path"/> is unsafe.</summary>
    public static void Validate(IReadOnlyList<string> path, string what)
    {
        if (path.Count == 0)
        {
            throw new InvalidTorrentException($"The torrent has {what} with an empty path. The torrent is damaged or hostile; do not use it.");
        }

        if (path.Count > ProtocolLimits.MaxPathDepth)
        {
            throw new InvalidTorrentException($"The torrent has {what} nested {path.Count} folders deep; at most {ProtocolLimits.MaxPathDepth} are accepted, so it is refused.");
        }

        foreach (var component in path)
        {
            if (GetProblem(component) is { } problem)
            {
                throw new InvalidTorrentException($"The torrent has {what} '{Describe(path)}' with {problem}. It is refused so that no file can be written outside the download folder or under a name the system cannot create.");
            }
        }
    }

    /// <summary>A printable form of a path (control characters escaped).</summary>
    public static string Describe(IReadOnlyList<string> path)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < path.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            foreach (var c in path[i])
            {
                if (c < 0x20 || c == 0x7F)
                {
                    builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }
        }

        return builder.ToString();
    }
}
