namespace Publisher.Service.Security;

/// <summary>What an API key may do. <see cref="Admin"/> includes every other scope.</summary>
[Flags]
internal enum ApiKeyScopes
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Publish and yank releases.</summary>
    Publish = 1,

    /// <summary>Read savings statistics.</summary>
    Stats = 2,

    /// <summary>Manage API keys, and everything else.</summary>
    Admin = 4,
}
