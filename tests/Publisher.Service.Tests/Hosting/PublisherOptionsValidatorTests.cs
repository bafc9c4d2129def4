using Publisher.Service.Hosting;

namespace Publisher.Service.Tests.Hosting;

public sealed class PublisherOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new PublisherOptionsValidator().Validate(null, new PublisherOptions()).Succeeded);
    }

    [Theory]
    [InlineData("ftp://example.com/", "PublicUrl")]
    [InlineData("https://example.com/?a=b", "PublicUrl")]
    [InlineData("/relative", "PublicUrl")]
    public void Validate_BadPublicUrl_FailsNamingTheKey(string url, string key)
    {
        var options = new PublisherOptions { PublicUrl = new Uri(url, UriKind.RelativeOrAbsolute) };

        var result = new PublisherOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has a space in it somewhere")]
    public void Validate_WeakBootstrapKey_Fails(string key)
    {
        var result = new PublisherOptionsValidator().Validate(null, new PublisherOptions { BootstrapApiKey = key });

        Assert.True(result.Failed);
        Assert.Contains("BootstrapApiKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgreSqlWithoutConnectionString_Fails()
    {
        var options = new PublisherOptions { Catalog = new CatalogOptions { Provider = CatalogProvider.PostgreSQL } };

        var result = new PublisherOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ConnectionStrings:Catalog", result.FailureMessage, StringComparison.Ordinal);
    }
}
