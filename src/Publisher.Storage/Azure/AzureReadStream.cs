namespace Publisher.Storage.Azure;

/// <summary>
/// The body of a ranged Get Blob. When the connection fails mid-body, it asks again from the byte it
/// stopped at, with <c>If-Match</c> on the blob's ETag so the bytes cannot come from a newer version,
/// up to <c>maxResumes</c> times. Owns the response.
/// </summary>
internal sealed class AzureReadStream : Stream
{
    private readonly Func<long, long, string?, CancellationToken, Task<HttpResponseMessage>> _reopen;
    private readonly string? _etag;
    private readonly long _start;
    private readonly long _end;
    private readonly int _maxResumes;
    private HttpResponseMessage _response;
    private Stream _body;
    private long _position;
    private int _resumes;

    private AzureReadStream(HttpResponseMessage response, Stream body, long start, long end, string? etag, int maxResumes, Func<long, long, string?, CancellationToken, Task<HttpResponseMessage>> reopen)
    {
        _response = response;
        _body = body;
        _start = start;
        _position = start;
        _end = end;
        _etag = etag;
        _maxResumes = maxResumes;
        _reopen = reopen;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>The number of bytes in the range.</summary>
    public override long Length => _end - _start;

    public override long Position
    {
        get => _position - _start;
        set => throw new NotSupportedException();
    }

    /// <summary>How many times the body was requested again after a failure.</summary>
    internal int Resumes => _resumes;

    /// <summary>
    /// Wraps a successful (200/206) Get Blob response for bytes [<paramref name="start"/>, <paramref name="end"/>).
    /// <paramref name="reopen"/> asks for [from, end) again, with If-Match on the ETag.
    /// </summary>
    public static async Task<AzureReadStream> CreateAsync(HttpResponseMessage response, long start, long end, int maxResumes, Func<long, long, string?, CancellationToken, Task<HttpResponseMessage>> reopen, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new AzureReadStream(response, body, start, end, response.Headers.ETag?.ToString(), maxResumes, reopen);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var remaining = _end - _position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        if (buffer.Length > remaining)
        {
            buffer = buffer[..(int)remaining];
        }

        while (true)
        {
            try
            {
                var read = await _body.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"The blob's body ended {remaining} bytes early.");
                }

                _position += read;
                return read;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested && _resumes < _maxResumes)
            {
                _resumes++;
                await ResumeAsync(cancellationToken);
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        await _body.DisposeAsync();
        _response.Dispose();
        _response = await _reopen(_position, _end, _etag, cancellationToken);
        _body = await _response.Content.ReadAsStreamAsync(cancellationToken);
    }
}
