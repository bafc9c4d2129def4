using System.Text;
using Publisher.Service.Catalog;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>Hostile request targets: never a file outside the release, never a server error.</summary>
public sealed class WebSeedTraversalTests : IAsyncLifetime
{
    private const string Secret = "TOP-SECRET-BLOB-CONTENT";
    private readonly WebSeedTestTorrent _torrent = WebSeedTestTorrent.MultiFile("pkg", pad: false, seed: 3, pieceLength: 16 * 1024, (["a", "b.bin"], 1000), (["c.bin"], 500));
    private WebSeedTestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _host = await WebSeedTestHost.StartAsync(ct);
        await _host.PublishAsync(_torrent, "1.0.0", ReleaseAccess.Public);

        // Blobs a traversal would reach: beside the release, and a sibling release's folder.
        foreach (var key in new[] { "secret", "releases/secret", $"releases/{_torrent.InfoHashHex}/secret", $"releases/{_torrent.InfoHashHex}/pkg/secret" })
        {
            using var stream = new MemoryStream(Encoding.ASCII.GetBytes(Secret));
            await _host.Blobs.PutAsync(key, stream, null, ct);
        }

        File.WriteAllText(Path.Combine(Path.GetTempPath(), "publisher-webseed-secret.txt"), Secret);
    }

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(_host.Logs.Errors());
        await _host.DisposeAsync();
    }

    [Theory]
    [InlineData("{0}/pkg/../secret")]
    [InlineData("{0}/pkg/a/../../secret")]
    [InlineData("{0}/../../secret")]
    [InlineData("{0}/pkg/%2e%2e/secret")]
    [InlineData("{0}/pkg/%2E%2E/%2E%2E/secret")]
    [InlineData("{0}/pkg/.%2e/secret")]
    [InlineData("{0}/pkg%2F..%2Fsecret")]
    [InlineData("{0}/pkg/a%2Fb.bin")]
    [InlineData("{0}/pkg/a%2fb.bin")]
    [InlineData("{0}/pkg\\a\\b.bin")]
    [InlineData("{0}/pkg/a%5Cb.bin")]
    [InlineData("{0}/pkg/a/b.bin%00")]
    [InlineData("{0}/pkg/a/b.bin%00.txt")]
    [InlineData("{0}/pkg//a/b.bin")]
    [InlineData("{0}/pkg/./a/b.bin")]
    [InlineData("{0}/pkg/a/b.bin/")]
    [InlineData("{0}/pkg/%zz")]
    [InlineData("{0}/pkg/%")]
    [InlineData("{0}/pkg/%c3%28")]
    [InlineData("{0}/%2Ftmp%2Fpublisher-webseed-secret.txt")]
    [InlineData("{0}/..%2F..%2F..%2Ftmp%2Fpublisher-webseed-secret.txt")]
    [InlineData("{0}/secret")]
    [InlineData("{0}/pkg/secret")]
    [InlineData("{0}.!!/pkg/c.bin")]
    [InlineData("{0}./pkg/c.bin")]
    public async Task Get_HostileTarget_NeverServesAFileOutsideTheRelease(string template)
    {
        var target = "/seed/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _torrent.InfoHashHex);

        var (status, response) = await RawHttp.GetAsync(_host.BaseAddress, target, TestContext.Current.CancellationToken);

        Assert.True(status is 400 or 404, $"{target} gave {status}");
        Assert.DoesNotContain(Secret, response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/seed/{0}/pkg/a/b.bin", 1000)]
    [InlineData("/seed/{0}/pkg/c.bin", 500)]
    [InlineData("/seed/{0}/%70kg/%61/b.bin", 1000)]
    [InlineData("http://{1}/seed/{0}/pkg/c.bin", 500)]
    public async Task Get_ValidRawTargets_ServeTheFile(string template, int length)
    {
        var target = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _torrent.InfoHashHex, _host.BaseAddress.Authority);

        var (status, response) = await RawHttp.GetAsync(_host.BaseAddress, target, TestContext.Current.CancellationToken);

        Assert.Equal(200, status);
        Assert.Contains($"Content-Length: {length}", response, StringComparison.OrdinalIgnoreCase);
    }
}
