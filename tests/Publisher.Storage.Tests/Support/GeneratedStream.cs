using System.Buffers.Binary;

namespace Publisher.Storage.Tests.Support;

/// <summary>
/// A forward-only stream of <c>length</c> deterministic pseudo-random bytes computed from their position,
/// so multi-GiB payloads are never held in memory and any range can be checked afterwards.
/// </summary>
internal sealed class GeneratedStream : Stream
{
    private readonly long _length;
    private readonly ulong _seed;
    private long _position;

    public GeneratedStream(long length, ulong seed)
    {
        _length = length;
        _seed = seed;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Fills <paramref name="destination"/> with the bytes at <paramref name="offset"/>.</summary>
    public static void Fill(ulong seed, long offset, Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        var i = 0;
        while (i < destination.Length)
        {
            var position = offset + i;
            var within = (int)(position & 7);
            BinaryPrimitives.WriteUInt64LittleEndian(word, Mix(seed, (ulong)(position >> 3)));
            var count = Math.Min(8 - within, destination.Length - i);
            word.Slice(within, count).CopyTo(destination[i..]);
            i += count;
        }
    }

    /// <summary>The bytes at <paramref name="offset"/>, as an array.</summary>
    public static byte[] Expected(ulong seed, long offset, int count)
    {
        var bytes = new byte[count];
        Fill(seed, offset, bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _length - _position);
        if (count <= 0)
        {
            return 0;
        }

        Fill(_seed, _position, buffer[..count]);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static ulong Mix(ulong seed, ulong index)
    {
        var z = seed + ((index + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
