using System.IO.Pipelines;
using Publisher.Storage.Local;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Storage.Tests.Local;

/// <summary>Puts from a <see cref="PipeReader"/> (request bodies: unbuffered aligned writes on Linux) and moves.</summary>
public sealed class LocalBlobStorePipeTests : IDisposable
{
    private readonly TempDirectory _root = new("publisher-blobs-pipe");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(1024 * 1024)]
    [InlineData((3 * 1024 * 1024) + 5)]
    public async Task PutAsync_PipeOfAnyLength_StoresTheExactBytes(int length)
    {
        var store = NewStore();
        var data = Data(length, length);

        var properties = await store.PutAsync("a/blob.bin", await PipeOfAsync(data, 7_777), new BlobPutOptions { Length = length }, Token);

        Assert.Equal(length, properties.Length);
        Assert.Equal(data, await File.ReadAllBytesAsync(_root.Combine("a", "blob.bin"), Token));
        Assert.Empty(Directory.GetFiles(_root.Combine(LocalBlobStore.IncomingFolderName)));
    }

    [Theory]
    [InlineData(10_000, 9_999)]
    [InlineData(10_000, 10_001)]
    public async Task PutAsync_PipeLengthDiffersFromAnnounced_ThrowsAndStoresNothing(int sent, long announced)
    {
        var store = NewStore();
        var pipe = await PipeOfAsync(Data(sent, 1), 4096);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("a/blob.bin", pipe, new BlobPutOptions { Length = announced }, Token));

        Assert.False(await store.ExistsAsync("a/blob.bin", Token));
        Assert.Empty(Directory.GetFiles(_root.Combine(LocalBlobStore.IncomingFolderName)));

        // The reader belongs to the caller (Kestrel's connection input): the failed put must not leave it mid-read,
        // or the caller's next read throws "Reading is already in progress".
        Assert.True(pipe.TryRead(out var after));
        pipe.AdvanceTo(after.Buffer.End);
    }

    [Fact]
    public async Task PutAsync_CancelledWhileTheBodyIsArriving_LeavesTheReaderUsable()
    {
        var store = NewStore();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        await pipe.Writer.WriteAsync(Data(3 * 1024 * 1024, 5), Token);

        var put = store.PutAsync("a/blob.bin", pipe.Reader, new BlobPutOptions { Length = 8 * 1024 * 1024 }, cancel.Token);
        await Task.Delay(50, Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
        Assert.False(await store.ExistsAsync("a/blob.bin", Token));
        Assert.Empty(Directory.GetFiles(_root.Combine(LocalBlobStore.IncomingFolderName)));
        if (pipe.Reader.TryRead(out var after))
        {
            pipe.Reader.AdvanceTo(after.Buffer.End);
        }
    }

    [Fact]
    public async Task MoveAsync_RenamesIntoPlaceAndRemovesEmptyFolders()
    {
        IBlobStore store = NewStore();
        var data = Data(50_000, 3);
        await store.PutAsync("staging/x/game/a.bin", new MemoryStream(data), null, Token);
        await store.PutAsync("releases/h/game/a.bin", new MemoryStream(Data(10, 4)), null, Token);

        Assert.True(await store.MoveAsync("staging/x/game/a.bin", "releases/h/game/a.bin", Token));

        Assert.Equal(data, await File.ReadAllBytesAsync(_root.Combine("releases", "h", "game", "a.bin"), Token));
        Assert.False(Directory.Exists(_root.Combine("staging")));
        Assert.False(await store.MoveAsync("staging/x/game/a.bin", "releases/h/game/b.bin", Token));
    }

    public void Dispose() => _root.Dispose();

    private LocalBlobStore NewStore() => new(new LocalBlobStoreOptions { RootDirectory = _root.Path });

    /// <summary>A completed pipe holding <paramref name="data"/>, written in pieces of <paramref name="piece"/> bytes.</summary>
    private static async Task<PipeReader> PipeOfAsync(byte[] data, int piece)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        for (var offset = 0; offset < data.Length; offset += piece)
        {
            await pipe.Writer.WriteAsync(data.AsMemory(offset, Math.Min(piece, data.Length - offset)), Token);
        }

        await pipe.Writer.CompleteAsync();
        return pipe.Reader;
    }

    private static byte[] Data(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
