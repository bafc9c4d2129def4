namespace Publisher.Service.Releases;

/// <summary>
/// Rules for product and channel names: lowercase ASCII letters, digits, '.', '_' and '-', starting with a
/// letter or digit, so they are safe in URLs, file names and feed titles as they are.
/// </summary>
internal static class ReleaseNames
{
    /// <summary>The longest product name.</summary>
    public const int MaxProductLength = 64;

    /// <summary>The longest channel name.</summary>
    public const int MaxChannelLength = 32;

    /// <summary>The channel of a release published without one.</summary>
    public const string DefaultChannel = "stable";

    public static bool IsValidProduct(string? name) => IsValid(name, MaxProductLength);

    public static bool IsValidChannel(string? name) => IsValid(name, MaxChannelLength);

    private static bool IsValid(string? name, int maxLength)
    {
        if (string.IsNullOrEmpty(name) || name.Length > maxLength || !(char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0])))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
