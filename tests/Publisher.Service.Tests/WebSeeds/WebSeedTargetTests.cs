using System.Text;
using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

public sealed class WebSeedTargetTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef01234567";

    [Theory]
    [InlineData("/seed/" + Hash + "/app.bin", 0, "app.bin", null)]
    [InlineData("/seed/0123456789ABCDEF0123456789ABCDEF01234567/app.bin?x=1", 0, "app.bin", null)]
    [InlineData("/seed/" + Hash + ".tok-EN_1/My%20Game/d%C3%BC/f%2B1.txt", 0, "My Game/dü/f+1.txt", "tok-EN_1")]
    [InlineData("/base/path/seed/" + Hash + "/a+b", 2, "a+b", null)]
    [InlineData("https://example.com/seed/" + Hash + "/%E6%97%A5", 0, "日", null)]
    public void TryParse_ValidTarget_DecodesPathAndToken(string raw, int pathBase, string path, string? token)
    {
        Assert.Equal(WebSeedTargetStatus.Valid, WebSeedTarget.TryParse(raw, pathBase, out var target));
        Assert.Equal(Hash, target!.InfoHashHex);
        Assert.Equal(path, target.Path);
        Assert.Equal(token, target.Token);
    }

    [Theory]
    [InlineData("/seed/" + Hash + "/")]
    [InlineData("/seed/" + Hash)]
    [InlineData("/seed/" + Hash + "/a//b")]
    [InlineData("/seed/" + Hash + "/a/./b")]
    [InlineData("/seed/" + Hash + "/a/../b")]
    [InlineData("/seed/" + Hash + "/%2e%2E/b")]
    [InlineData("/seed/" + Hash + "/a%2Fb")]
    [InlineData("/seed/" + Hash + "/a%5cb")]
    [InlineData("/seed/" + Hash + "/a\\b")]
    [InlineData("/seed/" + Hash + "/a%00")]
    [InlineData("/seed/" + Hash + "/a%1F")]
    [InlineData("/seed/" + Hash + "/a%7f")]
    [InlineData("/seed/" + Hash + "/a%ff")]
    [InlineData("/seed/" + Hash + "/a%C3")]
    [InlineData("/seed/" + Hash + "/a%G1")]
    [InlineData("/seed/" + Hash + "/a%1")]
    [InlineData("/seed/" + Hash + "/ü")]
    [InlineData("/seed/" + Hash + "./a")]
    [InlineData("/seed/" + Hash + ".a.b/a")]
    [InlineData("/seed/" + Hash + "0/a")]
    [InlineData("/seed/x" + Hash + "/a")]
    [InlineData("/other/" + Hash + "/a")]
    [InlineData("seed/" + Hash + "/a")]
    [InlineData("*")]
    [InlineData("")]
    public void TryParse_HostileTarget_IsMalformed(string raw)
    {
        Assert.Equal(WebSeedTargetStatus.Malformed, WebSeedTarget.TryParse(raw, 0, out var target));
        Assert.Null(target);
    }

    [Fact]
    public void TryParse_TooManyComponents_IsMalformed()
    {
        var raw = "/seed/" + Hash + "/" + string.Join('/', Enumerable.Repeat("a", WebSeedLimits.MaxPathComponents + 1));

        Assert.Equal(WebSeedTargetStatus.Malformed, WebSeedTarget.TryParse(raw, 0, out _));
    }

    [Fact]
    public void TryParse_EveryPrefixAndRandomMutations_NeverThrowsNorYieldsUnsafePaths()
    {
        var valid = "/seed/" + Hash + ".tok/My%20Game/d%C3%BC/f.txt?token=x";
        for (var i = 0; i <= valid.Length; i++)
        {
            Check(valid[..i]);
        }

        var random = new Random(7);
        const string Alphabet = "/.%2eEfF05\\?a ü\0";
        for (var i = 0; i < 20_000; i++)
        {
            var builder = new StringBuilder(valid);
            for (var j = random.Next(1, 6); j > 0; j--)
            {
                var at = random.Next(builder.Length + 1);
                switch (random.Next(3))
                {
                    case 0 when at < builder.Length:
                        builder.Remove(at, 1);
                        break;
                    case 1 when at < builder.Length:
                        builder[at] = Alphabet[random.Next(Alphabet.Length)];
                        break;
                    default:
                        builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                }
            }

            Check(builder.ToString());
        }

        static void Check(string raw)
        {
            if (WebSeedTarget.TryParse(raw, 0, out var target) != WebSeedTargetStatus.Valid)
            {
                return;
            }

            foreach (var component in target!.Path.Split('/'))
            {
                Assert.False(component is "" or "." or "..", raw);
                Assert.DoesNotContain('\\', component);
                Assert.DoesNotContain(component, char.IsControl);
            }
        }
    }
}
