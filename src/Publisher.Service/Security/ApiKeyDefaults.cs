namespace Publisher.Service.Security;

/// <summary>Names of the API-key authentication scheme and of the per-scope authorization policies.</summary>
public static class ApiKeyDefaults
{
    /// <summary>The authentication scheme that reads <c>Authorization: Bearer</c> or <c>X-Api-Key</c>.</summary>
    public const string AuthenticationScheme = "PublisherApiKey";

    /// <summary>The header that carries a key when <c>Authorization</c> is not used.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The policy of endpoints that publish or yank releases (scope <c>publish</c> or <c>admin</c>).</summary>
    public const string PublishPolicy = "Publisher.Publish";

    /// <summary>The policy of statistics endpoints (scope <c>stats</c> or <c>admin</c>).</summary>
    public const string StatsPolicy = "Publisher.Stats";

    /// <summary>The policy of key management (scope <c>admin</c>).</summary>
    public const string AdminPolicy = "Publisher.Admin";

    /// <summary>The claim type listing a key's scopes, one claim per scope.</summary>
    public const string ScopeClaimType = "publisher:scope";

    /// <summary>The claim type holding a key's id.</summary>
    public const string KeyIdClaimType = "publisher:key_id";
}
