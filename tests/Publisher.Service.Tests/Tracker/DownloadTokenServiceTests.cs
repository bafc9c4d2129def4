using Publisher.Service.Tracker;
using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class DownloadTokenServiceTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Validate_IssuedToken_ReturnsClaims()
    {
        var clock = new ManualTimeProvider();
        var service = new DownloadTokenService(Key, clock);
        var token = service.Issue("user-é", TrackerQuery.InfoHash(1), TimeSpan.FromMinutes(5));
        Assert.True(token.Length < 200);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.Equal(DownloadTokenStatus.Valid, service.Validate(token, TrackerQuery.InfoHash(1), out var claims));
        Assert.Equal("user-é", claims!.UserId);
        Assert.Equal(clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(), claims.ExpiresAt.ToUnixTimeSeconds());
        Assert.Equal(16, claims.TokenId.Length);
    }

    [Fact]
    public void Validate_OtherKeyOrEveryMutation_IsInvalid()
    {
        var clock = new ManualTimeProvider();
        var service = new DownloadTokenService(Key, clock);
        var token = service.Issue("user", TrackerQuery.InfoHash(1), TimeSpan.FromMinutes(5));
        var other = new DownloadTokenService(new byte[32], clock);
        Assert.Equal(DownloadTokenStatus.Invalid, other.Validate(token, TrackerQuery.InfoHash(1), out _));
        for (var i = 0; i < token.Length; i++)
        {
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'x' ? 'y' : 'x';
            Assert.NotEqual(DownloadTokenStatus.Valid, service.Validate(chars, TrackerQuery.InfoHash(1), out _));
        }

        for (var length = 0; length < token.Length; length++)
        {
            Assert.Equal(DownloadTokenStatus.Invalid, service.Validate(token.AsSpan(0, length), TrackerQuery.InfoHash(1), out _));
        }

        Assert.Equal(DownloadTokenStatus.Invalid, service.Validate(new string('A', 5000), TrackerQuery.InfoHash(1), out _));
    }

    [Fact]
    public void Issue_BadArguments_Throw()
    {
        var service = new DownloadTokenService(Key, TimeProvider.System);
        Assert.Throws<ArgumentException>(() => service.Issue(new string('u', 65), TrackerQuery.InfoHash(1), TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => service.Issue("u", TrackerQuery.InfoHash(1), TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => new DownloadTokenService(new byte[16], TimeProvider.System));
    }
}
