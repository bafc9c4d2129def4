using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class TrackerEntitledTests
{
    private static readonly string SigningKey = Convert.ToBase64String(new byte[32] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(TrackerTestServer Server, ManualTimeProvider Clock)> StartAsync()
    {
        var registry = new FakeTorrentRegistry();
        registry.Publish(TrackerQuery.InfoHash(21));
        registry.Publish(TrackerQuery.InfoHash(22));
        var clock = new ManualTimeProvider();
        var server = await TrackerTestServer.StartAsync(
            Token,
            new Dictionary<string, string?> { ["Publisher:Tracker:Access"] = "entitled", ["Publisher:Tracker:TokenSigningKey"] = SigningKey },
            registry,
            clock);
        return (server, clock);
    }

    private static Task<Dictionary<string, object>> AnnounceAsync(TrackerTestServer server, int torrent, string token, bool inPath)
        => TrackerHttpTests.GetAsync(server.Client, inPath
            ? TrackerQuery.Announce(torrent, 8001, path: "/announce/" + token)
            : TrackerQuery.Announce(torrent, 8001, extra: "&token=" + token));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Announce_ValidToken_IsAccepted(bool inPath)
    {
        var (server, _) = await StartAsync();
        await using var _ = server;
        var token = server.GetService<DownloadTokenService>().Issue("user-1", TrackerQuery.InfoHash(21), TimeSpan.FromHours(1));
        var answer = await AnnounceAsync(server, 21, token, inPath);
        Assert.True(answer.ContainsKey("peers"));
        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task Announce_NoToken_IsRefused()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;
        Assert.Equal("this torrent needs a download token", TrackerHttpTests.Failure(await TrackerHttpTests.GetAsync(server.Client, TrackerQuery.Announce(21, 8001))));
    }

    [Fact]
    public async Task Announce_ExpiredToken_IsRefused()
    {
        var (server, clock) = await StartAsync();
        await using var _ = server;
        var token = server.GetService<DownloadTokenService>().Issue("user-1", TrackerQuery.InfoHash(21), TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("download token has expired", TrackerHttpTests.Failure(await AnnounceAsync(server, 21, token, inPath: true)));
    }

    [Fact]
    public async Task Announce_TokenForOtherTorrent_IsRefused()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;
        var token = server.GetService<DownloadTokenService>().Issue("user-1", TrackerQuery.InfoHash(22), TimeSpan.FromHours(1));
        Assert.Equal("download token is for another torrent", TrackerHttpTests.Failure(await AnnounceAsync(server, 21, token, inPath: false)));
    }

    [Fact]
    public async Task Announce_RevokedTokenOrUser_IsRefused()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;
        var tokens = server.GetService<DownloadTokenService>();
        var revocations = server.GetService<InMemoryDownloadTokenRevocationList>();
        var first = tokens.Issue("user-1", TrackerQuery.InfoHash(21), TimeSpan.FromHours(1));
        var second = tokens.Issue("user-1", TrackerQuery.InfoHash(21), TimeSpan.FromHours(1));
        Assert.Equal(DownloadTokenStatus.Valid, tokens.Validate(first, TrackerQuery.InfoHash(21), out var claims));
        revocations.RevokeToken(claims!.TokenId);
        Assert.Equal("download token has been revoked", TrackerHttpTests.Failure(await AnnounceAsync(server, 21, first, inPath: true)));
        Assert.True((await AnnounceAsync(server, 21, second, inPath: true)).ContainsKey("peers"));
        revocations.RevokeUser("user-1");
        Assert.Equal("download token has been revoked", TrackerHttpTests.Failure(await AnnounceAsync(server, 21, second, inPath: true)));
    }

    [Fact]
    public async Task Announce_TamperedToken_IsRefused()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;
        var token = server.GetService<DownloadTokenService>().Issue("user-1", TrackerQuery.InfoHash(21), TimeSpan.FromHours(1)).ToCharArray();
        token[10] = token[10] == 'A' ? 'B' : 'A';
        Assert.Equal("download token is not valid", TrackerHttpTests.Failure(await AnnounceAsync(server, 21, new string(token), inPath: true)));
        Assert.Equal("download token is not valid", TrackerHttpTests.Failure(await AnnounceAsync(server, 21, "not-a-token", inPath: false)));
        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task Announce_UnpublishedTorrentWithToken_IsRefused()
    {
        var (server, _) = await StartAsync();
        await using var _ = server;
        var token = server.GetService<DownloadTokenService>().Issue("user-1", TrackerQuery.InfoHash(23), TimeSpan.FromHours(1));
        Assert.Equal("unregistered torrent", TrackerHttpTests.Failure(await AnnounceAsync(server, 23, token, inPath: true)));
    }
}
