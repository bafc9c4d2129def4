using Publisher.Service.Security;

namespace Publisher.Service.Tests.Security;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void Generate_TwoKeys_AreDistinctAndCarryTheirId()
    {
        var (firstId, first) = ApiKeySecret.Generate();
        var (secondId, second) = ApiKeySecret.Generate();

        Assert.NotEqual(first, second);
        Assert.NotEqual(firstId, secondId);
        Assert.StartsWith(ApiKeySecret.Prefix + firstId + "_", first, StringComparison.Ordinal);
        Assert.Equal(firstId, ApiKeySecret.TryGetKeyId(first));
        Assert.Equal(16, firstId.Length);

        // 32 secret bytes in base64url without padding: 43 characters.
        Assert.Equal(ApiKeySecret.Prefix.Length + 16 + 1 + 43, first.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pub_")]
    [InlineData("pub_0123456789abcdef")]
    [InlineData("pub_0123456789abcdef_")]
    [InlineData("pub_0123456789ABCDEF_secret")]
    [InlineData("pub_0123456789abcde_secret")]
    [InlineData("pub_0123456789abcdefg_secret")]
    [InlineData("key_0123456789abcdef_secret")]
    [InlineData("test-admin-key-0123456789")]
    public void TryGetKeyId_NotOurFormat_ReturnsNull(string key)
    {
        Assert.Null(ApiKeySecret.TryGetKeyId(key));
    }

    [Fact]
    public void TryGetKeyId_LongerThanTheLimit_ReturnsNull()
    {
        Assert.Null(ApiKeySecret.TryGetKeyId("pub_0123456789abcdef_" + new string('a', ApiKeySecret.MaxKeyLength)));
    }

    [Fact]
    public void Matches_SameKey_TrueAndAnyOtherKeyFalse()
    {
        var (_, key) = ApiKeySecret.Generate();
        var hash = ApiKeySecret.Hash(key);

        Assert.True(ApiKeySecret.Matches(key, hash));
        Assert.False(ApiKeySecret.Matches(key[..^1], hash));
        Assert.False(ApiKeySecret.Matches(key + "x", hash));
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void ScopeNames_FormatThenParse_RoundTripsAndIgnoresUnknownNames()
    {
        var scopes = ApiKeyScopes.Publish | ApiKeyScopes.Admin;

        Assert.Equal("publish admin", ApiKeyScopeNames.Format(scopes));
        Assert.Equal(scopes, ApiKeyScopeNames.Parse("publish admin"));
        Assert.Equal(ApiKeyScopes.Stats, ApiKeyScopeNames.Parse("stats future-scope"));
        Assert.False(ApiKeyScopeNames.TryParseName("Publish", out _));
    }
}
