using System.Net;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed class AllowedFastSetTests
{
    private static readonly byte[] InfoHash = Enumerable.Repeat((byte)0xAA, 20).ToArray();

    [Theory]
    [InlineData(7, new[] { 1059, 431, 808, 1217, 287, 376, 1188 })]
    [InlineData(9, new[] { 1059, 431, 808, 1217, 287, 376, 1188, 353, 508 })]
    public void Generate_Bep6Example_MatchesTheSpecification(int k, int[] expected)
    {
        var set = new int[k];
        var count = AllowedFastSet.Generate(IPAddress.Parse("80.4.4.200"), InfoHash, 1313, set);
        Assert.Equal(k, count);
        Assert.Equal(expected, set);
    }

    [Fact]
    public void Generate_SameSubnet_SameSet()
    {
        var a = new int[10];
        var b = new int[10];
        AllowedFastSet.Generate(IPAddress.Parse("80.4.4.1"), InfoHash, 1313, a);
        AllowedFastSet.Generate(IPAddress.Parse("::ffff:80.4.4.250"), InfoHash, 1313, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Generate_MorePiecesAskedThanExist_ReturnsEveryPieceOnce()
    {
        var set = new int[10];
        var count = AllowedFastSet.Generate(IPAddress.Parse("10.0.0.1"), InfoHash, 3, set);
        Assert.Equal(3, count);
        Assert.Equal(new[] { 0, 1, 2 }, set[..3].Order());
    }

    [Fact]
    public void Generate_IPv6Peer_NoSet()
    {
        Assert.Equal(0, AllowedFastSet.Generate(IPAddress.IPv6Loopback, InfoHash, 1313, new int[10]));
    }
}
