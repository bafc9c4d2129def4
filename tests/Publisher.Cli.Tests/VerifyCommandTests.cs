using Publisher.TestSupport;
using Xunit;

namespace Publisher.Cli.Tests;

public sealed class VerifyCommandTests
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("hybrid")]
    public async Task Verify_IntactThenCorrupted_ExitZeroThenOneNamingTheFile(string format)
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("data/pack/first", 50_000, seed: 1);
        temp.WriteRandomFile("data/pack/second file", 70_000, seed: 2);
        var torrentPath = temp.Combine("p.torrent");
        Assert.Equal(0, (await CliRunner.RunAsync("create", temp.Combine("data", "pack"), "-o", torrentPath, "--format", format, "--piece-size", "16384")).ExitCode);

        var intact = await CliRunner.RunAsync("verify", torrentPath, temp.Combine("data"));
        Assert.Equal(0, intact.ExitCode);
        Assert.StartsWith("ok: ", intact.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, intact.Stderr);

        await using (var stream = new FileStream(temp.Combine("data", "pack", "second file"), FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = 60_000;
            var value = stream.ReadByte();
            stream.Position = 60_000;
            stream.WriteByte((byte)~value);
        }

        var corrupted = await CliRunner.RunAsync("verify", torrentPath, temp.Combine("data"));
        Assert.Equal(1, corrupted.ExitCode);
        Assert.Contains("corrupt: pack/second file", corrupted.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("pack/first", corrupted.Stdout, StringComparison.Ordinal);
        CliRunner.AssertOneLine(corrupted.Stderr);
    }

    [Fact]
    public async Task Verify_MissingFile_ExitOneNamingIt()
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("data/pack/a", 1000, seed: 1);
        temp.WriteRandomFile("data/pack/b", 1000, seed: 2);
        var torrentPath = temp.Combine("p.torrent");
        Assert.Equal(0, (await CliRunner.RunAsync("create", temp.Combine("data", "pack"), "-o", torrentPath)).ExitCode);
        File.Delete(temp.Combine("data", "pack", "b"));

        var (code, stdout, stderr) = await CliRunner.RunAsync("verify", torrentPath, temp.Combine("data"));

        Assert.Equal(1, code);
        Assert.Contains("missing: pack/b", stdout, StringComparison.Ordinal);
        CliRunner.AssertOneLine(stderr);
    }

    [Fact]
    public async Task Verify_MissingDirectory_ExitOne()
    {
        using var temp = new TempDirectory();
        var file = temp.WriteRandomFile("f", 100, seed: 1);
        var torrentPath = temp.Combine("f.torrent");
        Assert.Equal(0, (await CliRunner.RunAsync("create", file, "-o", torrentPath)).ExitCode);

        var (code, _, stderr) = await CliRunner.RunAsync("verify", torrentPath, temp.Combine("nowhere"));

        Assert.Equal(1, code);
        CliRunner.AssertOneLine(stderr);
    }

    [Fact]
    public async Task Verify_MissingArgument_ExitTwo()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("verify", "only-one");

        Assert.Equal(2, code);
        CliRunner.AssertOneLine(stderr);
    }
}
