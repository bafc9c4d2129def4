using Publisher.Torrent.Storage;
using Xunit;

namespace Publisher.Torrent.Tests.Storage;

public sealed class StoragePathsTests
{
    [Fact]
    public void Resolve_NormalPath_StaysBelowDirectory()
    {
        var root = Path.Combine(Path.GetTempPath(), "root");

        Assert.Equal(Path.Combine(root, "a", "b c"), StoragePaths.Resolve(root, ["a", "b c"]));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("/etc")]
    public void Resolve_EscapingPath_Throws(string component)
    {
        var root = Path.Combine(Path.GetTempPath(), "root");

        Assert.Throws<InvalidOperationException>(() => StoragePaths.Resolve(root, [component, "passwd"]));
    }
}
