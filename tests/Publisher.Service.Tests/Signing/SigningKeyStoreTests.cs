using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Publisher.Service.Hosting;
using Publisher.Service.Signing;
using Publisher.TestSupport;

namespace Publisher.Service.Tests.Signing;

public sealed class SigningKeyStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new("publisher-signing");

    [Fact]
    public void PublicKey_FirstUse_CreatesAnOwnerOnlyKeyFile()
    {
        using var store = CreateStore();

        var key = store.PublicKey;

        var path = Path.Combine(_directory.Path, "data", "signing-key.pem");
        Assert.True(File.Exists(path));
        Assert.Contains("PRIVATE KEY", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal("ES256", key.Algorithm);
        Assert.Equal(key.KeyId, key.Jwk.Kid);
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "data"), "*.tmp"));
    }

    [Fact]
    public void PublicKey_SecondStore_LoadsTheSameKey()
    {
        string first;
        using (var store = CreateStore())
        {
            first = store.PublicKey.PublicKeyPem;
        }

        using var again = CreateStore();
        Assert.Equal(first, again.PublicKey.PublicKeyPem);
    }

    [Fact]
    public void Sign_Data_VerifiesWithThePublishedPemAndJwk()
    {
        using var store = CreateStore();
        var data = Encoding.UTF8.GetBytes("release manifest");

        var signature = store.Sign(data);

        using var fromPem = ECDsa.Create();
        fromPem.ImportFromPem(store.PublicKey.PublicKeyPem);
        Assert.True(fromPem.VerifyData(data, signature, HashAlgorithmName.SHA256));

        var jwk = store.PublicKey.Jwk;
        using var fromJwk = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.X), Y = Base64Url.DecodeFromChars(jwk.Y) },
        });
        Assert.True(fromJwk.VerifyData(data, signature, HashAlgorithmName.SHA256));
        data[0] ^= 1;
        Assert.False(fromJwk.VerifyData(data, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void SignJws_Payload_IsAVerifiableFlattenedJws()
    {
        using var store = CreateStore();
        var payload = Encoding.UTF8.GetBytes("""{"product":"game","version":"1.0.0"}""");

        var jws = store.SignJws(payload, "publisher-manifest+json");

        Assert.Equal(payload, Base64Url.DecodeFromChars(jws.Payload));
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.Protected));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal(store.PublicKey.KeyId, header.RootElement.GetProperty("kid").GetString());

        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(store.PublicKey.PublicKeyPem);
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes(jws.Protected + "." + jws.Payload), Base64Url.DecodeFromChars(jws.Signature), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void KeyId_IsTheRfc7638ThumbprintOfTheJwk()
    {
        using var store = CreateStore();
        var jwk = store.PublicKey.Jwk;

        // Members in lexicographic order, as RFC 7638 section 3 requires, serialized by System.Text.Json.
        var canonical = JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["kty"] = jwk.Kty, ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y });
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), store.PublicKey.KeyId);
    }

    [Fact]
    public void EnsureLoaded_CorruptKeyFile_ThrowsNamingTheFile()
    {
        var data = Path.Combine(_directory.Path, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "signing-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        using var store = CreateStore();

        var error = Assert.Throws<InvalidOperationException>(store.EnsureLoaded);
        Assert.Contains("signing-key.pem", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private SigningKeyStore CreateStore()
    {
        var options = Options.Create(new PublisherOptions { DataDirectory = Path.Combine(_directory.Path, "data") });
        return new SigningKeyStore(new PublisherPaths(options), NullLogger<SigningKeyStore>.Instance);
    }
}
