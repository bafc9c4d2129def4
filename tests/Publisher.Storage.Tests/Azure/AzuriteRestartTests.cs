using Publisher.Storage.Azure;
using Publisher.Storage.Tests.Support;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>
/// Azurite is stopped while a block upload is in flight and started again on the same port and
/// <c>--location</c>: the store's retries carry the upload through and the blob is complete and correct.
/// (Its own Azurite: stopping the shared one would disturb other tests.) Azurite is stopped with SIGTERM:
/// it keeps its metadata in memory and saves it every 5 s, so after SIGKILL it forgets containers and
/// blocks it had acknowledged, which real Azure Storage never does.
/// </summary>
public sealed class AzuriteRestartTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int BlockSize = 256 * 1024;
    private const int Blocks = 24;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutAsync_AzuriteRestartsDuringBlockUpload_RetriesAndCompletes()
    {
        azurite.RequireAvailable();
        var options = AzuriteStores.Options(azurite, AzuriteStores.NewContainerName()) with
        {
            BlockSize = BlockSize,
            MaxConcurrency = 3,
            MaxRetryAttempts = 40,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        };
        using var gate = new BlockGate(pauseAtBlock: 8);
        using var store = new AzureBlobStore(options, gate, new TestOutputLogger<AzureBlobStore>());
        const long length = ((long)Blocks * BlockSize) - 1000;

        var put = store.PutAsync("releases/restart/payload.bin", new GeneratedStream(length, 99), new BlobPutOptions { Length = length }, Token);
        await gate.Paused.WaitAsync(TimeSpan.FromSeconds(60), Token);
        await azurite.StopAsync(Token);
        gate.Resume(); // the held block request now meets a stopped server
        await gate.FailedWhileDown.WaitAsync(TimeSpan.FromSeconds(60), Token);
        await azurite.StartAsync(Token);
        var stored = await put.WaitAsync(TimeSpan.FromSeconds(120), Token);

        Assert.Equal(length, stored.Length);
        Assert.True(gate.BlockRequests > Blocks, $"{gate.BlockRequests} block requests for {Blocks} blocks: nothing was retried");
        var properties = await store.GetPropertiesAsync("releases/restart/payload.bin", Token);
        Assert.Equal(length, properties!.Length);
        await using var stream = await store.OpenReadAsync("releases/restart/payload.bin", 0, null, Token);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Token);
        Assert.Equal(GeneratedStream.Expected(99, 0, (int)length), copy.ToArray());
    }

    /// <summary>Holds the Nth Put Block request until released, and notes the first failure after that.</summary>
    private sealed class BlockGate(int pauseAtBlock) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _failedWhileDown = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _blockRequests;

        public Task Paused => _paused.Task;

        public Task FailedWhileDown => _failedWhileDown.Task;

        public int BlockRequests => Volatile.Read(ref _blockRequests);

        public void Resume() => _resume.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Query.Contains("comp=block&", StringComparison.Ordinal)
                && Interlocked.Increment(ref _blockRequests) == pauseAtBlock)
            {
                _paused.TrySetResult();
                await _resume.Task.WaitAsync(cancellationToken);
            }

            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (_resume.Task.IsCompleted)
            {
                _failedWhileDown.TrySetResult();
                throw;
            }
        }
    }
}
