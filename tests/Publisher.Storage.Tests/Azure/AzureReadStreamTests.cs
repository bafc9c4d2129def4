using System.Net;
using System.Net.Http.Headers;
using Publisher.Storage.Azure;
using Publisher.Storage.Tests.Support;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>Reads whose connection breaks mid-body resume from the byte they stopped at, pinned to the ETag.</summary>
public sealed class AzureReadStreamTests
{
    private const int Total = 100_000;
    private const ulong Seed = 77;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenReadAsync_ConnectionDropsMidBody_ResumesWithIfMatchAndReturnsExactBytes()
    {
        using var handler = new ScriptedHandler((request, index, _) =>
        {
            var (from, to) = ParseRange(request.Headers["x-ms-range"]);
            // The first answer breaks after 12345 bytes; later ones are whole.
            return Task.FromResult(Partial(from, to, failAfter: index == 0 ? 12_345 : null));
        });
        using var store = NewStore(handler);

        await using var stream = await store.OpenReadAsync("blob", 1000, 50_000, Token);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Token);

        Assert.Equal(GeneratedStream.Expected(Seed, 1000, 50_000), copy.ToArray());
        var requests = handler.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("bytes=1000-50999", requests[0].Headers["x-ms-range"]);
        Assert.False(requests[0].Headers.ContainsKey("If-Match"));
        Assert.Equal("bytes=13345-50999", requests[1].Headers["x-ms-range"]);
        Assert.Equal("\"0x8DETAG\"", requests[1].Headers["If-Match"]);
    }

    [Fact]
    public async Task OpenReadAsync_BlobReplacedBeforeResume_FailsInsteadOfMixingVersions()
    {
        using var handler = new ScriptedHandler((request, index, _) =>
        {
            if (index == 0)
            {
                var (from, to) = ParseRange(request.Headers["x-ms-range"]);
                return Task.FromResult(Partial(from, to, failAfter: 500));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.PreconditionFailed));
        });
        using var store = NewStore(handler);

        await using var stream = await store.OpenReadAsync("blob", 0, null, Token);
        using var copy = new MemoryStream();
        var exception = await Assert.ThrowsAsync<BlobStoreException>(() => stream!.CopyToAsync(copy, Token));

        Assert.Equal(HttpStatusCode.PreconditionFailed, exception.StatusCode);
    }

    [Fact]
    public async Task OpenReadAsync_KeepsFailing_GivesUpAfterTheRetryBudget()
    {
        using var handler = new ScriptedHandler((request, _, _) =>
        {
            var (from, to) = ParseRange(request.Headers["x-ms-range"]);
            return Task.FromResult(Partial(from, to, failAfter: 10));
        });
        using var store = NewStore(handler, retries: 2);

        await using var stream = await store.OpenReadAsync("blob", 0, null, Token);
        using var copy = new MemoryStream();
        await Assert.ThrowsAsync<IOException>(() => stream!.CopyToAsync(copy, Token));

        Assert.Equal(3, handler.Count);
    }

    private static AzureBlobStore NewStore(ScriptedHandler handler, int retries = 6) => new(
        new AzureBlobStoreOptions
        {
            ConnectionString = $"AccountName=devstoreaccount1;AccountKey={AzureConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1",
            Container = "reads",
            MaxRetryAttempts = retries,
        },
        handler);

    private static (long From, long? To) ParseRange(string header)
    {
        var parts = header["bytes=".Length..].Split('-');
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1].Length == 0 ? null : long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static HttpResponseMessage Partial(long from, long? to, int? failAfter)
    {
        var last = Math.Min(to ?? (Total - 1), Total - 1);
        var bytes = GeneratedStream.Expected(Seed, from, (int)(last - from + 1));
        Stream body = failAfter is { } good ? new BreakingStream(bytes, good) : new MemoryStream(bytes);
        var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new StreamContent(body) };
        response.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, last, Total);
        response.Content.Headers.ContentLength = bytes.Length;
        response.Headers.ETag = new EntityTagHeaderValue("\"0x8DETAG\"");
        return response;
    }

    /// <summary>Gives the first <c>good</c> bytes, then fails like a reset connection.</summary>
    private sealed class BreakingStream(byte[] bytes, int good) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            if (_position >= good)
            {
                throw new IOException("Connection reset by peer (test).");
            }

            var count = Math.Min(buffer.Length, Math.Min(good, bytes.Length) - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
