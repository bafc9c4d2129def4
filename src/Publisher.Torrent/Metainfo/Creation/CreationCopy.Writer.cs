using System.Collections.Concurrent;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>The chunk buffers and the in-order writer of <see cref="CreationCopy"/>.</summary>
internal sealed partial class CreationCopy
{
    private readonly Dictionary<long, (long Start, int Length, Memory<byte> Buffer)> _pending;
    private readonly SemaphoreSlim _arrivals = new(0);
    private readonly ConcurrentStack<Memory<byte>> _free = new();
    private SemaphoreSlim? _freeSlots;

    /// <summary>
    /// Allocates <paramref name="count"/> buffers of <paramref name="chunkBytes"/> (aligned, with a block of room after
    /// them, when <see cref="WantsAlignedBuffers"/>): the hashing workers read into them, and a buffer comes back
    /// free once the writer has written it. More buffers than workers let the writer fall behind for a while
    /// without stopping the hashing.
    /// </summary>
    public void AllocateBuffers(int count, int chunkBytes)
    {
        for (var i = 0; i < count; i++)
        {
            _free.Push(WantsAlignedBuffers
                ? DirectIo.AllocateAligned(chunkBytes + DirectIo.Alignment)
                : GC.AllocateUninitializedArray<byte>(chunkBytes));
        }

        _freeSlots = new SemaphoreSlim(count, count);
    }

    /// <summary>Waits for a free buffer (a hashing worker takes one before it claims its next chunk).</summary>
    public Memory<byte> RentBuffer(CancellationToken stop)
    {
        _freeSlots!.Wait(stop);
        return _free.TryPop(out var buffer) ? buffer : throw new InvalidOperationException("A buffer slot was free but no buffer was.");
    }

    /// <summary>Gives back a buffer that holds no chunk (the worker found no chunk left).</summary>
    public void ReturnBuffer(Memory<byte> buffer)
    {
        _free.Push(buffer);
        _freeSlots!.Release();
    }

    /// <summary>Hands chunk <paramref name="chunk"/> (stream bytes from <paramref name="start"/>) and its buffer to the writer.</summary>
    public void Enqueue(long chunk, long start, int length, Memory<byte> buffer)
    {
        lock (_pending)
        {
            _pending.Add(chunk, (start, length, buffer));
        }

        _arrivals.Release();
    }

    /// <summary>
    /// Writes chunks 0 to <paramref name="chunkCount"/> - 1 in order as the workers hand them over, freeing each
    /// buffer after its write; runs on one of the pipeline's threads until the last chunk is written.
    /// </summary>
    public void RunWriter(long chunkCount, CancellationToken stop)
    {
        for (long next = 0; next < chunkCount; next++)
        {
            (long Start, int Length, Memory<byte> Buffer) chunk;
            while (true)
            {
                lock (_pending)
                {
                    if (_pending.Remove(next, out chunk))
                    {
                        break;
                    }
                }

                _arrivals.Wait(stop);
            }

            Write(chunk.Start, chunk.Buffer.Span, chunk.Length);
            ReturnBuffer(chunk.Buffer);
        }
    }
}
