namespace Publisher.Storage.Tests.Support;

/// <summary>Gives <c>goodBytes</c> bytes and then throws, like a client connection dropping mid-upload.</summary>
internal sealed class FailingStream : Stream
{
    private readonly long _goodBytes;
    private long _position;

    public FailingStream(long goodBytes)
    {
        _goodBytes = goodBytes;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _goodBytes - _position);
        if (count <= 0)
        {
            throw new IOException("The upload connection was reset (test).");
        }

        buffer[..count].Fill(0x5A);
        _position += count;
        return count;
    }

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
