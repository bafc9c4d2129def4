using Publisher.Storage.Azure;
using Publisher.Storage.Tests.Support;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>Server-side moves (Copy Blob + delete) against Azurite: how staged uploads become release payloads.</summary>
public sealed class AzureBlobStoreMoveTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MoveAsync_StagedBlob_AppearsUnderTheNewKeyAndTheSourceIsGone()
    {
        azurite.RequireAvailable();
        using var store = new AzureBlobStore(AzuriteStores.Options(azurite, AzuriteStores.NewContainerName()));
        const int length = 300_000;
        await store.PutAsync("staging/x/My Game/é.bin", new GeneratedStream(length, 5), null, Token);

        Assert.True(await ((IBlobStore)store).MoveAsync("staging/x/My Game/é.bin", "releases/h/My Game/é.bin", Token));

        Assert.False(await store.ExistsAsync("staging/x/My Game/é.bin", Token));
        await using var read = await store.OpenReadAsync("releases/h/My Game/é.bin", 0, null, Token);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Token);
        Assert.Equal(GeneratedStream.Expected(5, 0, length), copy.ToArray());
        Assert.False(await ((IBlobStore)store).MoveAsync("staging/x/missing", "releases/h/missing", Token));
    }
}
