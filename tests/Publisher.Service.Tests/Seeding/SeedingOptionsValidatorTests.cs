using Publisher.Service.Seeding;

namespace Publisher.Service.Tests.Seeding;

public sealed class SeedingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new SeedingOptionsValidator().Validate(null, new PublisherOptions()).Succeeded);
    }

    [Theory]
    [InlineData("ListenAddress", "Publisher:Seeding:ListenAddress")]
    [InlineData("Port", "Publisher:Seeding:Port")]
    [InlineData("MaxUploadBytesPerSecond", "Publisher:Seeding:MaxUploadBytesPerSecond")]
    [InlineData("MaxReleases", "Publisher:Seeding:MaxReleases")]
    [InlineData("RefreshInterval", "Publisher:Seeding:RefreshInterval")]
    public void Validate_BadValue_FailsNamingTheKey(string property, string key)
    {
        var seeding = new SeedingOptions();
        switch (property)
        {
            case "ListenAddress":
                seeding.ListenAddress = "not-an-address";
                break;
            case "Port":
                seeding.Port = 70_000;
                break;
            case "MaxUploadBytesPerSecond":
                seeding.MaxUploadBytesPerSecond = -1;
                break;
            case "MaxReleases":
                seeding.MaxReleases = 0;
                break;
            default:
                seeding.RefreshInterval = TimeSpan.Zero;
                break;
        }

        var result = new SeedingOptionsValidator().Validate(null, new PublisherOptions { Seeding = seeding });

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }
}
