using Publisher.Storage.Azure;
using Publisher.Storage.Local;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Storage.Tests;

public sealed class BlobStoreFactoryTests
{
    [Fact]
    public void Create_Defaults_IsLocalUnderDataDirectoryBlobs()
    {
        using var data = new TempDirectory();

        var store = BlobStoreFactory.Create(new StorageOptions(), data.Path);

        var local = Assert.IsType<LocalBlobStore>(store);
        Assert.Equal(BlobStoreKind.Local, local.Kind);
        Assert.Equal(Path.Combine(data.Path, "blobs"), local.RootDirectory);
        Assert.True(Directory.Exists(Path.Combine(data.Path, "blobs")));
    }

    [Fact]
    public void Create_LocalWithRootDirectory_UsesIt()
    {
        using var data = new TempDirectory();
        using var root = new TempDirectory();

        var store = BlobStoreFactory.Create(new StorageOptions { RootDirectory = root.Path }, data.Path);

        Assert.Equal(root.Path, Assert.IsType<LocalBlobStore>(store).RootDirectory);
    }

    [Fact]
    public void Create_AzureBlob_UsesConnectionStringAndContainer()
    {
        var options = new StorageOptions
        {
            Kind = BlobStoreKind.AzureBlob,
            ConnectionString = "UseDevelopmentStorage=true",
            Container = "releases",
        };

        using var store = Assert.IsType<AzureBlobStore>(BlobStoreFactory.Create(options, "unused"));

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1/releases"), store.ContainerUri);
    }

    [Theory]
    [InlineData(null, "publisher")]
    [InlineData("UseDevelopmentStorage=true", "Bad_Name")]
    [InlineData("UseDevelopmentStorage=true", "ab")]
    [InlineData("UseDevelopmentStorage=true", "a--b")]
    [InlineData("AccountName=x", "publisher")]
    public void Validate_BadAzureOptions_Throws(string? connectionString, string container)
    {
        var options = new StorageOptions { Kind = BlobStoreKind.AzureBlob, ConnectionString = connectionString, Container = container };

        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }

    [Fact]
    public void AzureBlobStoreOptions_OutOfRange_Throw()
    {
        var good = new AzureBlobStoreOptions { ConnectionString = "UseDevelopmentStorage=true" };
        good.Validate();

        Assert.Throws<ArgumentException>((good with { BlockSize = 1000 }).Validate);
        Assert.Throws<ArgumentException>((good with { MaxConcurrency = 0 }).Validate);
        Assert.Throws<ArgumentException>((good with { MaxRetryAttempts = -1 }).Validate);
        Assert.Throws<ArgumentException>((good with { AttemptTimeout = TimeSpan.Zero }).Validate);
        Assert.Throws<ArgumentException>((good with { MaxRetryDelay = TimeSpan.FromMilliseconds(1) }).Validate);
        Assert.Throws<ArgumentException>(new LocalBlobStoreOptions().Validate);
        Assert.Throws<ArgumentException>((new StorageOptions { Kind = (BlobStoreKind)7 }).Validate);
    }
}
