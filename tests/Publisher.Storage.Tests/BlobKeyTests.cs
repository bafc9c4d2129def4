using Xunit;

namespace Publisher.Storage.Tests;

public sealed class BlobKeyTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("releases/42/My Game/data.pak")]
    [InlineData("releases/42/.hidden/..x/x..")]
    [InlineData("données/é/日本語")]
    [InlineData("a b/c+d/%41")]
    public void Validate_GoodKey_Accepts(string key)
    {
        BlobKey.Validate(key);
        Assert.True(BlobKey.IsValid(key));
    }

    [Theory]
    [InlineData("../../x", "traversal")]
    [InlineData("a/..", "traversal")]
    [InlineData("./a", "traversal")]
    [InlineData("/a", "absolute")]
    [InlineData("a\\b", "backslash")]
    [InlineData("a//b", "empty component")]
    [InlineData("a/", "ends with '/'")]
    [InlineData("", "empty")]
    [InlineData("a\nb", "control character")]
    [InlineData("a\u007fb", "control character")]
    [InlineData("C:/Windows", "colon")]
    public void Validate_BadKey_ThrowsNamingTheProblem(string key, string problem)
    {
        var exception = Assert.Throws<InvalidBlobKeyException>(() => BlobKey.Validate(key));

        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
        Assert.False(BlobKey.IsValid(key));
    }

    [Fact]
    public void Validate_UnpairedSurrogates_Throws()
    {
        Assert.Throws<InvalidBlobKeyException>(() => BlobKey.Validate("a" + '\ud800' + "b"));
        Assert.Throws<InvalidBlobKeyException>(() => BlobKey.Validate("a" + '\udc00'));
        Assert.Throws<InvalidBlobKeyException>(() => BlobKey.Validate("a" + '\ud800'));
        BlobKey.Validate("a\ud83d\ude00b");
    }

    [Fact]
    public void Validate_TooLong_Throws()
    {
        BlobKey.Validate(new string('x', BlobKey.MaxLength));
        Assert.Throws<InvalidBlobKeyException>(() => BlobKey.Validate(new string('x', BlobKey.MaxLength + 1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("releases/")]
    [InlineData("releases/4")]
    [InlineData("a")]
    public void ValidatePrefix_GoodPrefix_Accepts(string prefix) => BlobKey.ValidatePrefix(prefix);

    [Theory]
    [InlineData("..")]
    [InlineData("../")]
    [InlineData("a/..")]
    [InlineData("/a")]
    [InlineData("a//")]
    public void ValidatePrefix_BadPrefix_Throws(string prefix)
        => Assert.Throws<InvalidBlobKeyException>(() => BlobKey.ValidatePrefix(prefix));
}
