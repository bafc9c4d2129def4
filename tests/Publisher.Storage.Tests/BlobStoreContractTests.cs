using Publisher.Storage.Tests.Support;
using Xunit;

namespace Publisher.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IBlobStore"/> must share; run against the local store and Azurite
/// (Shared Key and SAS) by the derived classes.
/// </summary>
public abstract class BlobStoreContractTests
{
    /// <summary>Block size of the Azure stores under test (small, so block uploads are exercised cheaply).</summary>
    protected const int SmallBlock = 64 * 1024;

    /// <summary>The store under test; skips the test when its backing service is unavailable.</summary>
    protected abstract IBlobStore Store { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> InvalidKeys() =>
    [
        "../../x",
        "..",
        "a/../../x",
        "/etc/passwd",
        "a\\b",
        "..\\x",
        "a//b",
        "a/./b",
        "a/",
        "",
        "x\u0001y",
        "C:/x",
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SmallBlock - 1)]
    [InlineData(SmallBlock)]
    [InlineData(SmallBlock + 1)]
    [InlineData((3 * SmallBlock) + 17)]
    public async Task PutAsync_UnknownLength_ReadsBackSameBytes(int length)
    {
        var store = Store;
        var key = $"releases/r1/file-{length}.bin";
        var properties = await store.PutAsync(key, new GeneratedStream(length, 7), null, Token);

        Assert.Equal(length, properties.Length);
        Assert.Equal(GeneratedStream.Expected(7, 0, length), await ReadAllAsync(store, key, 0, null));
        var stored = await store.GetPropertiesAsync(key, Token);
        Assert.NotNull(stored);
        Assert.Equal(length, stored.Length);
        Assert.Equal(properties.ETag, stored.ETag);
        Assert.StartsWith("\"", stored.ETag, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SmallBlock)]
    [InlineData((2 * SmallBlock) + 5)]
    public async Task PutAsync_KnownLength_ReadsBackSameBytes(int length)
    {
        var store = Store;
        var key = "known/length.bin";
        await store.PutAsync(key, new GeneratedStream(length, 8), new BlobPutOptions { Length = length }, Token);

        Assert.Equal(GeneratedStream.Expected(8, 0, length), await ReadAllAsync(store, key, 0, null));
    }

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(-1, 1)]
    [InlineData(10, 0)]
    public async Task PutAsync_LengthDisagreesWithStream_FailsAndStoresNothing(int lengthDelta, int blocks)
    {
        var store = Store;
        var actual = (blocks * SmallBlock) + 100;
        var key = "bad/length.bin";

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(key, new GeneratedStream(actual, 1), new BlobPutOptions { Length = actual + lengthDelta }, Token));

        Assert.False(await store.ExistsAsync(key, Token));
    }

    [Fact]
    public async Task PutAsync_StreamFailsMidway_StoresNothingAndKeepsOldBlob()
    {
        var store = Store;
        var key = "atomic/blob.bin";
        await store.PutAsync(key, new MemoryStream([1, 2, 3]), null, Token);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(key, new FailingStream((2 * SmallBlock) + 10), null, Token));

        Assert.Equal([1, 2, 3], await ReadAllAsync(store, key, 0, null));
        Assert.False(await store.ExistsAsync("atomic/other.bin", Token));
    }

    [Fact]
    public async Task PutAsync_Overwrite_ReplacesContentAndETag()
    {
        var store = Store;
        var first = await store.PutAsync("o/blob", new MemoryStream([1, 2, 3]), null, Token);
        var second = await store.PutAsync("o/blob", new MemoryStream([4, 5, 6, 7]), null, Token);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal([4, 5, 6, 7], await ReadAllAsync(store, "o/blob", 0, null));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(100, 1)]
    [InlineData(SmallBlock - 3, 7)]
    [InlineData(1234, 5000)]
    [InlineData(9000, null)]
    public async Task OpenReadAsync_Range_ReturnsExactlyThoseBytes(long offset, int? length)
    {
        var store = Store;
        const int total = (2 * SmallBlock) + 999;
        await store.PutAsync("ranges/blob", new GeneratedStream(total, 3), null, Token);

        var bytes = await ReadAllAsync(store, "ranges/blob", offset, length);

        var expectedLength = length ?? (int)(total - offset);
        Assert.Equal(GeneratedStream.Expected(3, offset, expectedLength), bytes);
    }

    [Theory]
    [InlineData(90, 100, 10)]
    [InlineData(100, 5, 0)]
    [InlineData(150, null, 0)]
    [InlineData(50, 0, 0)]
    public async Task OpenReadAsync_RangePastEnd_IsClamped(long offset, int? length, int expected)
    {
        var store = Store;
        await store.PutAsync("ranges/short", new GeneratedStream(100, 4), null, Token);

        var bytes = await ReadAllAsync(store, "ranges/short", offset, length);

        Assert.Equal(GeneratedStream.Expected(4, offset, expected), bytes);
    }

    [Fact]
    public async Task MissingBlob_ReadsAsNullOrFalse()
    {
        var store = Store;

        Assert.Null(await store.OpenReadAsync("missing/blob", 0, null, Token));
        Assert.Null(await store.GetPropertiesAsync("missing/blob", Token));
        Assert.False(await store.ExistsAsync("missing/blob", Token));
        Assert.False(await store.DeleteAsync("missing/blob", Token));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesIt()
    {
        var store = Store;
        await store.PutAsync("d/x/blob", new MemoryStream([9]), null, Token);

        Assert.True(await store.DeleteAsync("d/x/blob", Token));

        Assert.False(await store.ExistsAsync("d/x/blob", Token));
        Assert.Null(await store.OpenReadAsync("d/x/blob", 0, null, Token));
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsMatchingKeysInOrdinalOrder()
    {
        var store = Store;
        string[] keys = ["a/2", "a/1", "a/b/3", "ab/4", "c/5"];
        foreach (var key in keys)
        {
            await store.PutAsync(key, new MemoryStream(new byte[key.Length]), null, Token);
        }

        Assert.Equal(["a/1", "a/2", "a/b/3"], await ListKeysAsync(store, "a/"));
        Assert.Equal(["a/1", "a/2", "a/b/3", "ab/4"], await ListKeysAsync(store, "a"));
        Assert.Equal(["a/1", "a/2", "a/b/3", "ab/4", "c/5"], await ListKeysAsync(store, string.Empty));
        Assert.Empty(await ListKeysAsync(store, "zzz/"));
        var listed = await FirstAsync(store.ListAsync("a/b/", Token));
        Assert.Equal("a/b/3".Length, listed.Length);
        Assert.Equal((await store.GetPropertiesAsync("a/b/3", Token))!.ETag, listed.ETag);
    }

    [Fact]
    public async Task PutAsync_KeyWithSpacesAndNonAscii_RoundTrips()
    {
        var store = Store;
        const string key = "releases/1/My Game/données é+%#?&=.bin";
        await store.PutAsync(key, new MemoryStream([1, 2, 3, 4]), null, Token);

        Assert.Equal([2, 3], await ReadAllAsync(store, key, 1, 2));
        Assert.Equal([key], await ListKeysAsync(store, "releases/1/My Game/"));
        Assert.True(await store.DeleteAsync(key, Token));
    }

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task AnyOperation_InvalidKey_IsRejected(string key)
    {
        var store = Store;

        await Assert.ThrowsAsync<InvalidBlobKeyException>(() => store.PutAsync(key, new MemoryStream([1]), null, Token));
        await Assert.ThrowsAsync<InvalidBlobKeyException>(() => store.OpenReadAsync(key, 0, null, Token));
        await Assert.ThrowsAsync<InvalidBlobKeyException>(() => store.GetPropertiesAsync(key, Token));
        await Assert.ThrowsAsync<InvalidBlobKeyException>(() => store.ExistsAsync(key, Token));
        await Assert.ThrowsAsync<InvalidBlobKeyException>(() => store.DeleteAsync(key, Token));
        await Assert.ThrowsAsync<InvalidBlobKeyException>(async () => await store.GetDirectReadUrlAsync(key, TimeSpan.FromMinutes(1), Token));
        Assert.Throws<InvalidBlobKeyException>(() => store.TryGetPhysicalPath(key));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/abs")]
    [InlineData("a\\")]
    [InlineData("a//")]
    public async Task ListAsync_InvalidPrefix_IsRejected(string prefix)
    {
        var store = Store;

        await Assert.ThrowsAsync<InvalidBlobKeyException>(() => ListKeysAsync(store, prefix));
    }

    protected static async Task<byte[]> ReadAllAsync(IBlobStore store, string key, long offset, int? length)
    {
        await using var stream = await store.OpenReadAsync(key, offset, length, Token);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    protected static async Task<string[]> ListKeysAsync(IBlobStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var blob in store.ListAsync(prefix, Token))
        {
            keys.Add(blob.Key);
        }

        return [.. keys];
    }

    private static async Task<BlobProperties> FirstAsync(IAsyncEnumerable<BlobProperties> blobs)
    {
        await foreach (var blob in blobs)
        {
            return blob;
        }

        throw new InvalidOperationException("The listing was empty.");
    }
}
