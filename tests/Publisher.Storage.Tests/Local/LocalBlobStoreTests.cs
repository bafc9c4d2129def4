using Publisher.Storage.Local;
using Publisher.Storage.Tests.Support;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Storage.Tests.Local;

public sealed class LocalBlobStoreTests : IDisposable
{
    private readonly TempDirectory _root = new("publisher-blobs");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutAsync_Cancelled_LeavesNoBlobAndNoTempFile()
    {
        var store = NewStore();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var stream = new BlockingStream(goodBytes: 3 * 1024 * 1024);

        var put = store.PutAsync("big/blob.bin", stream, null, cts.Token);
        await stream.Blocked.WaitAsync(Token);
        Assert.False(File.Exists(_root.Combine("big", "blob.bin")));
        Assert.Single(Directory.GetFiles(_root.Combine(LocalBlobStore.IncomingFolderName)));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
        Assert.False(await store.ExistsAsync("big/blob.bin", Token));
        Assert.Empty(Directory.GetFiles(_root.Combine(LocalBlobStore.IncomingFolderName)));
        Assert.Empty(await ListAsync(store));
    }

    [Fact]
    public async Task ExistsAsync_RootDirectoryRemoved_ThrowsInsteadOfAnsweringFalse()
    {
        var store = NewStore();
        Assert.False(await store.ExistsAsync("health/probe", Token));

        Directory.Delete(_root.Path, recursive: true);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.ExistsAsync("health/probe", Token));
        Assert.Contains("no longer exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_StreamFails_LeavesNoTempFile()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("x/blob", new FailingStream(5_000_000), null, Token));

        Assert.Empty(Directory.GetFiles(_root.Combine(LocalBlobStore.IncomingFolderName)));
        Assert.False(Directory.Exists(_root.Combine("x")));
    }

    [Fact]
    public async Task PutAsync_Concurrently_EachReaderSeesAWholeVersion()
    {
        var store = NewStore();
        var versions = new[] { new byte[100_000], new byte[200_000] };
        Array.Fill(versions[0], (byte)1);
        Array.Fill(versions[1], (byte)2);
        await store.PutAsync("v/blob", new MemoryStream(versions[0]), null, Token);

        var writer = Task.Run(
            async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    await store.PutAsync("v/blob", new MemoryStream(versions[i % 2]), null, Token);
                }
            },
            Token);
        while (!writer.IsCompleted)
        {
            await using var read = await store.OpenReadAsync("v/blob", 0, null, Token);
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy, Token);
            var bytes = copy.ToArray();
            Assert.True(bytes.AsSpan().SequenceEqual(versions[0]) || bytes.AsSpan().SequenceEqual(versions[1]), $"a torn read of {bytes.Length} bytes");
        }

        await writer;
    }

    [Fact]
    public async Task TryGetPhysicalPath_ExistingBlob_IsTheFileUnderTheRoot()
    {
        var store = NewStore();
        await store.PutAsync("releases/1/a b.bin", new MemoryStream([1, 2]), null, Token);

        var path = store.TryGetPhysicalPath("releases/1/a b.bin");

        Assert.Equal(_root.Combine("releases", "1", "a b.bin"), path);
        Assert.Equal([1, 2], await File.ReadAllBytesAsync(path!, Token));
        Assert.Null(store.TryGetPhysicalPath("releases/1/missing"));
    }

    [Fact]
    public async Task FolderKey_IsNotABlob()
    {
        var store = NewStore();
        await store.PutAsync("folder/blob", new MemoryStream([1]), null, Token);

        Assert.Null(await store.OpenReadAsync("folder", 0, null, Token));
        Assert.Null(await store.GetPropertiesAsync("folder", Token));
        Assert.False(await store.ExistsAsync("folder", Token));
        Assert.False(await store.DeleteAsync("folder", Token));
        Assert.Null(store.TryGetPhysicalPath("folder"));
    }

    [Fact]
    public async Task Keys_IncomingFolder_AreReservedAndNotListed()
    {
        var store = NewStore();
        await File.WriteAllBytesAsync(_root.Combine(LocalBlobStore.IncomingFolderName, "junk.partial"), [1], Token);

        Assert.Throws<InvalidBlobKeyException>(() => store.TryGetPhysicalPath(".incoming/junk.partial"));
        await Assert.ThrowsAsync<InvalidBlobKeyException>(() => store.PutAsync(".incoming/x", new MemoryStream([1]), null, Token));
        Assert.Empty(await ListAsync(store));
    }

    [Fact]
    public async Task Constructor_StaleUpload_IsRemoved()
    {
        var incoming = Directory.CreateDirectory(_root.Combine(LocalBlobStore.IncomingFolderName));
        var stale = Path.Combine(incoming.FullName, "stale.partial");
        var fresh = Path.Combine(incoming.FullName, "fresh.partial");
        await File.WriteAllBytesAsync(stale, [1], Token);
        await File.WriteAllBytesAsync(fresh, [1], Token);
        var now = DateTimeOffset.UtcNow;
        File.SetLastWriteTimeUtc(stale, now.UtcDateTime.AddHours(-2));
        File.SetLastWriteTimeUtc(fresh, now.UtcDateTime.AddMinutes(-1));

        _ = new LocalBlobStore(new LocalBlobStoreOptions { RootDirectory = _root.Path }, timeProvider: new ManualTimeProvider(now));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task DeleteAsync_LastBlobInFolder_RemovesEmptyFolders()
    {
        var store = NewStore();
        await store.PutAsync("releases/9/sub/file", new MemoryStream([1]), null, Token);
        await store.PutAsync("releases/8/file", new MemoryStream([1]), null, Token);

        await store.DeleteAsync("releases/9/sub/file", Token);

        Assert.False(Directory.Exists(_root.Combine("releases", "9")));
        Assert.True(Directory.Exists(_root.Combine("releases", "8")));
    }

    [Fact]
    public async Task Properties_ETag_ChangesWithContent()
    {
        var store = NewStore();
        var first = await store.PutAsync("e", new MemoryStream([1]), null, Token);
        var second = await store.PutAsync("e", new MemoryStream([1, 2]), null, Token);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(second, await store.GetPropertiesAsync("e", Token));
        Assert.Equal(BlobStoreKind.Local, store.Kind);
        Assert.Null(await store.GetDirectReadUrlAsync("e", TimeSpan.FromMinutes(5), Token));
        Assert.Null(await store.GetDirectUploadUrlAsync("e", TimeSpan.FromMinutes(5), Token));
    }

    [Fact]
    public async Task OpenReadAsync_Stream_IsSeekableWithinTheRange()
    {
        var store = NewStore();
        await store.PutAsync("s", new GeneratedStream(1000, 5), null, Token);
        await using var stream = await store.OpenReadAsync("s", 100, 200, Token);

        Assert.Equal(200, stream!.Length);
        stream.Position = 150;
        var tail = new byte[100];
        Assert.Equal(50, await stream.ReadAtLeastAsync(tail, 100, throwOnEndOfStream: false, Token));
        Assert.Equal(GeneratedStream.Expected(5, 250, 50), tail[..50]);
    }

    public void Dispose() => _root.Dispose();

    private static async Task<List<string>> ListAsync(IBlobStore store)
    {
        var keys = new List<string>();
        await foreach (var blob in store.ListAsync(string.Empty, Token))
        {
            keys.Add(blob.Key);
        }

        return keys;
    }

    private LocalBlobStore NewStore() => new(new LocalBlobStoreOptions { RootDirectory = _root.Path });

    /// <summary>Gives some bytes, then waits (signalling <see cref="Blocked"/>) until cancelled.</summary>
    private sealed class BlockingStream(long goodBytes) : Stream
    {
        private readonly TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _position;

        public Task Blocked => _blocked.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = (int)Math.Min(buffer.Length, goodBytes - _position);
            if (count > 0)
            {
                buffer.Span[..count].Fill(7);
                _position += count;
                return count;
            }

            _blocked.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
