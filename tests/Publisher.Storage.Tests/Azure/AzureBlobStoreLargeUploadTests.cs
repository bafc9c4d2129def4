using System.Diagnostics;
using Publisher.Storage.Azure;
using Publisher.Storage.Tests.Support;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>A multi-GiB put through parallel Put Block + Put Block List, streamed (never held in memory).</summary>
public sealed class AzureBlobStoreLargeUploadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const long TwoGiB = 2L * 1024 * 1024 * 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutAsync_TwoGiB_UploadsInBlocksAndReadsBackRanges()
    {
        azurite.RequireAvailable();
        var options = AzuriteStores.Options(azurite, AzuriteStores.NewContainerName()) with
        {
            BlockSize = 8 * 1024 * 1024,
            MaxConcurrency = 4,
        };
        using var store = new AzureBlobStore(options);
        var output = TestContext.Current.TestOutputHelper;

        var watch = Stopwatch.StartNew();
        var stored = await store.PutAsync("releases/big/payload.bin", new GeneratedStream(TwoGiB, 0xB16), new BlobPutOptions { Length = TwoGiB }, Token);
        watch.Stop();
        output?.WriteLine($"2 GiB put to Azurite in {watch.Elapsed.TotalSeconds:F1} s ({TwoGiB / 1048576.0 / watch.Elapsed.TotalSeconds:F0} MiB/s)");

        Assert.Equal(TwoGiB, stored.Length);
        var properties = await store.GetPropertiesAsync("releases/big/payload.bin", Token);
        Assert.Equal(TwoGiB, properties!.Length);
        long[] offsets = [0, (8L * 1024 * 1024) - 10, 1L << 30, (TwoGiB / 3) + 12345, TwoGiB - 5000];
        foreach (var offset in offsets)
        {
            var count = (int)Math.Min(64 * 1024, TwoGiB - offset);
            await using var stream = await store.OpenReadAsync("releases/big/payload.bin", offset, count, Token);
            var bytes = new byte[count];
            await stream!.ReadExactlyAsync(bytes, Token);
            Assert.Equal(GeneratedStream.Expected(0xB16, offset, count), bytes);
        }

        Assert.True(await store.DeleteAsync("releases/big/payload.bin", Token));
    }
}
