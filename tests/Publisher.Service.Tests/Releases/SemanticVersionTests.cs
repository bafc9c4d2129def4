using Publisher.Service.Releases;

namespace Publisher.Service.Tests.Releases;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("0.0.0")]
    [InlineData("1.2.3")]
    [InlineData("10.20.30")]
    [InlineData("1.0.0-alpha")]
    [InlineData("1.0.0-alpha.1")]
    [InlineData("1.0.0-0.3.7")]
    [InlineData("1.0.0-x.7.z.92")]
    [InlineData("1.0.0-x-y-z.--")]
    [InlineData("1.0.0+20130313144700")]
    [InlineData("1.0.0-beta+exp.sha.5114f85")]
    [InlineData("1.0.0+21AF26D3----117B344092BD")]
    [InlineData("1.0.0+001")]
    public void TryParse_ValidVersion_Succeeds(string text)
    {
        Assert.True(SemanticVersion.TryParse(text, out var version));
        Assert.Equal(text, version.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("v1.2.3")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.03")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-alpha..1")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3+a..b")]
    [InlineData("1.2.3-alpha_beta")]
    [InlineData("1.2.3 ")]
    [InlineData("-1.2.3")]
    [InlineData("1.2.99999999999999999999999")]
    [InlineData("1.2.3/../../etc")]
    public void TryParse_InvalidVersion_Fails(string text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_LongerThanTheLimit_Fails()
    {
        Assert.False(SemanticVersion.TryParse("1.0.0-" + new string('a', SemanticVersion.MaxLength), out _));
    }

    [Fact]
    public void CompareTo_SemVerSpecExample_OrdersByPrecedence()
    {
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0"];
        var versions = ordered.Select(Parse).ToArray();

        for (var i = 0; i < versions.Length; i++)
        {
            for (var j = 0; j < versions.Length; j++)
            {
                Assert.Equal(i.CompareTo(j), versions[i].CompareTo(versions[j]));
            }
        }

        Assert.Equal(0, Parse("1.0.0+build.1").CompareTo(Parse("1.0.0+build.2")));
    }

    private static SemanticVersion Parse(string text)
    {
        Assert.True(SemanticVersion.TryParse(text, out var version));
        return version;
    }
}
