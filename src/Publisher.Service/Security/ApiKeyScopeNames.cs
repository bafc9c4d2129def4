namespace Publisher.Service.Security;

/// <summary>The text form of <see cref="ApiKeyScopes"/>: lowercase names separated by spaces ("publish stats").</summary>
internal static class ApiKeyScopeNames
{
    public const string Publish = "publish";
    public const string Stats = "stats";
    public const string Admin = "admin";

    /// <summary>Every scope name, in flag order.</summary>
    public static IReadOnlyList<string> All { get; } = [Publish, Stats, Admin];

    /// <summary>The names of the scopes in <paramref name="scopes"/>.</summary>
    public static IReadOnlyList<string> ToNames(ApiKeyScopes scopes)
    {
        var names = new List<string>(3);
        if (scopes.HasFlag(ApiKeyScopes.Publish))
        {
            names.Add(Publish);
        }

        if (scopes.HasFlag(ApiKeyScopes.Stats))
        {
            names.Add(Stats);
        }

        if (scopes.HasFlag(ApiKeyScopes.Admin))
        {
            names.Add(Admin);
        }

        return names;
    }

    /// <summary>Space-separated names, as stored.</summary>
    public static string Format(ApiKeyScopes scopes) => string.Join(' ', ToNames(scopes));

    /// <summary>Parses one name; false for anything else.</summary>
    public static bool TryParseName(string name, out ApiKeyScopes scope)
    {
        scope = name switch
        {
            Publish => ApiKeyScopes.Publish,
            Stats => ApiKeyScopes.Stats,
            Admin => ApiKeyScopes.Admin,
            _ => ApiKeyScopes.None,
        };
        return scope != ApiKeyScopes.None;
    }

    /// <summary>Parses the stored form; names this version does not know grant nothing.</summary>
    public static ApiKeyScopes Parse(string text)
    {
        var scopes = ApiKeyScopes.None;
        foreach (var name in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParseName(name, out var scope))
            {
                scopes |= scope;
            }
        }

        return scopes;
    }
}
