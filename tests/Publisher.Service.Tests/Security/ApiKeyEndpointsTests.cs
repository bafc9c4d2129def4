using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publisher.Service.Security;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Security;

/// <summary>Authentication, scopes and key management over HTTP against a real Kestrel.</summary>
public sealed class ApiKeyEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task ListKeys_NoKey_Returns401ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await _host.Client.GetAsync("/api/keys", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("wrong-key-that-is-long-enough")]
    [InlineData("pub_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task ListKeys_WrongKey_Returns401(string key)
    {
        using var response = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Get, "/api/keys", key), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateKey_AsAdmin_ReturnsAKeyThatAuthenticatesWithEitherHeader()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await CreateKeyAsync("ci", ["publish", "stats"], ct);

        Assert.Equal(["publish", "stats"], created.Scopes);
        Assert.Equal(created.KeyId, ApiKeySecret.TryGetKeyId(created.Key));

        // Only admin may list keys: the publish key is authenticated but forbidden.
        using var bearer = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Get, "/api/keys", created.Key), ct);
        Assert.Equal(HttpStatusCode.Forbidden, bearer.StatusCode);
        Assert.Equal("application/problem+json", bearer.Content.Headers.ContentType?.MediaType);

        using var header = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
        header.Headers.Add(ApiKeyDefaults.HeaderName, created.Key);
        using var viaHeader = await _host.Client.SendAsync(header, ct);
        Assert.Equal(HttpStatusCode.Forbidden, viaHeader.StatusCode);

        using var list = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Get, "/api/keys", ServiceHost.AdminKey), ct);
        list.EnsureSuccessStatusCode();
        var listed = await list.Content.ReadFromJsonAsync<JsonElement>(ct);
        var entry = Assert.Single(listed.EnumerateArray(), k => k.GetProperty("keyId").GetString() == created.KeyId);
        Assert.False(entry.TryGetProperty("key", out _));
        Assert.DoesNotContain(created.Key, listed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeKey_ThenUseIt_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await CreateKeyAsync("to revoke", ["admin"], ct);
        using (var allowed = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Get, "/api/keys", created.Key), ct))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var revoke = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Delete, $"/api/keys/{created.KeyId}", ServiceHost.AdminKey), ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var after = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Get, "/api/keys", created.Key), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        using var again = await _host.Client.SendAsync(ServiceHost.Request(HttpMethod.Delete, $"/api/keys/{created.KeyId}", ServiceHost.AdminKey), ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","scopes":["root"]}""", "scopes")]
    [InlineData("""{"name":"x","scopes":[]}""", "scopes")]
    [InlineData("""{"name":"","scopes":["publish"]}""", "name")]
    public async Task CreateKey_InvalidRequest_Returns400NamingTheField(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/keys", ServiceHost.AdminKey);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await _host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task GetSigningKey_Anonymous_ReturnsTheStoresPublicKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await _host.Client.GetFromJsonAsync<JsonElement>("/api/keys/signing", ct);

        Assert.Equal("ES256", key.GetProperty("algorithm").GetString());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.GetProperty("publicKeyPem").GetString(), StringComparison.Ordinal);
        Assert.Equal("EC", key.GetProperty("jwk").GetProperty("kty").GetString());
        Assert.Equal(key.GetProperty("keyId").GetString(), key.GetProperty("jwk").GetProperty("kid").GetString());
    }

    private async Task<CreatedKey> CreateKeyAsync(string name, string[] scopes, CancellationToken ct)
    {
        using var request = ServiceHost.Request(HttpMethod.Post, "/api/keys", ServiceHost.AdminKey);
        request.Content = JsonContent.Create(new { name, scopes });
        using var response = await _host.Client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedKey>(ct))!;
    }

    private sealed record CreatedKey(string KeyId, string Key, string Name, string[] Scopes);
}
