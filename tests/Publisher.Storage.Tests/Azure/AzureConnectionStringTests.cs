using Publisher.Storage.Azure;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

public sealed class AzureConnectionStringTests
{
    [Fact]
    public void Parse_AzuriteDevelopmentString_UsesPathStyleEndpointAndKey()
    {
        var parsed = AzureConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzureConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:10123/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:10123/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(64, parsed.AccountKey!.Length);
        Assert.Null(parsed.SharedAccessSignature);
    }

    [Fact]
    public void Parse_UseDevelopmentStorage_PointsAtDefaultAzurite()
    {
        var parsed = AzureConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
    }

    [Fact]
    public void Parse_CloudAccount_BuildsEndpointFromNameAndSuffix()
    {
        var parsed = AzureConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=AAAA;EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://contoso.blob.core.windows.net"), parsed.BlobEndpoint);
        Assert.Equal("contoso", parsed.AccountName);
    }

    [Fact]
    public void Parse_SasOnly_KeepsTheSignatureWithoutQuestionMark()
    {
        var parsed = AzureConnectionString.Parse("BlobEndpoint=https://contoso.blob.core.windows.net;SharedAccessSignature=?sv=2021-12-02&sp=r&sig=abc%3D");

        Assert.Null(parsed.AccountKey);
        Assert.Equal("sv=2021-12-02&sp=r&sig=abc%3D", parsed.SharedAccessSignature);
        Assert.Equal("contoso", parsed.AccountName);
    }

    [Theory]
    [InlineData("AccountName=a")]
    [InlineData("AccountName=a;AccountKey=not base64!")]
    [InlineData("AccountKey=AAAA")]
    [InlineData("garbage")]
    [InlineData("AccountName=a;AccountKey=AAAA;BlobEndpoint=ftp://x")]
    public void Parse_Incomplete_ThrowsArgumentException(string connectionString)
        => Assert.Throws<ArgumentException>(() => AzureConnectionString.Parse(connectionString));

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        var parsed = AzureConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.DoesNotContain(AzureConnectionString.DevelopmentAccountKey[..10], parsed.ToString(), StringComparison.Ordinal);
    }
}
