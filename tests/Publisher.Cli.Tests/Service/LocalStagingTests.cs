using System.Text.Json;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Cli.Tests.Service;

/// <summary>When <c>publisher publish</c> writes into the service's staging folder itself, and when it uploads instead.</summary>
public sealed class LocalStagingTests : IDisposable
{
    private readonly TempDirectory _temp = new("publisher-local-staging");

    [Fact]
    public void Find_ProofFileHoldsTheProof_GivesTheDirectory()
    {
        var (directory, proofFile) = Prepare("0123456789abcdef0123456789abcdef");

        Assert.Equal(directory, LocalStaging.Find(Reply(directory, proofFile, "0123456789abcdef0123456789abcdef")));
    }

    [Theory]
    [InlineData("ffffffffffffffffffffffffffffffff")]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public void Find_ProofDiffers_UploadsInstead(string proof)
    {
        var (directory, proofFile) = Prepare("0123456789abcdef0123456789abcdef");

        Assert.Null(LocalStaging.Find(Reply(directory, proofFile, proof)));
    }

    [Fact]
    public void Find_ProofFileMissingOrFolderMissing_UploadsInstead()
    {
        var (directory, proofFile) = Prepare("0123456789abcdef0123456789abcdef");

        Assert.Null(LocalStaging.Find(Reply(directory, proofFile + ".gone", "0123456789abcdef0123456789abcdef")));
        Assert.Null(LocalStaging.Find(Reply(directory + "-gone", proofFile, "0123456789abcdef0123456789abcdef")));
    }

    [Fact]
    public void Find_RelativePathsOrHugeProofFile_UploadsInstead()
    {
        var (directory, proofFile) = Prepare("0123456789abcdef0123456789abcdef");
        var huge = _temp.WriteRandomFile("huge.proof", 10_000, seed: 1);

        Assert.Null(LocalStaging.Find(Reply("staging/x", proofFile, "0123456789abcdef0123456789abcdef")));
        Assert.Null(LocalStaging.Find(Reply(directory, "x.proof", "0123456789abcdef0123456789abcdef")));
        Assert.Null(LocalStaging.Find(Reply(directory, huge, "0123456789abcdef0123456789abcdef")));
    }

    [Theory]
    [InlineData("""{"id":"x","files":[]}""")]
    [InlineData("""{"id":"x","local":null}""")]
    [InlineData("""{"id":"x","local":"/tmp"}""")]
    [InlineData("""{"id":"x","local":{"directory":"/tmp"}}""")]
    [InlineData("""{"id":"x","local":{"directory":1,"proofFile":2,"proof":3}}""")]
    public void Find_NoOrMalformedLocalObject_UploadsInstead(string reply)
    {
        using var document = JsonDocument.Parse(reply);

        Assert.Null(LocalStaging.Find(document.RootElement));
    }

    public void Dispose() => _temp.Dispose();

    private (string Directory, string ProofFile) Prepare(string proof)
    {
        var directory = _temp.Combine("staging", "id");
        Directory.CreateDirectory(directory);
        var proofFile = _temp.Combine("staging", "id.proof");
        File.WriteAllText(proofFile, proof);
        return (directory, proofFile);
    }

    private static JsonElement Reply(string directory, string proofFile, string proof) =>
        JsonSerializer.SerializeToElement(new { id = "x", local = new { directory, proofFile, proof } });
}
