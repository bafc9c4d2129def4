using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Publisher.Service.Hosting;

/// <summary>
/// Kestrel's memory pool with large blocks. Kestrel's own pool hands out 4 KiB blocks, and the socket transport
/// receives into one block at a time, so a 4 GiB upload costs about a million receive calls and pipe wake-ups.
/// With <see cref="BlockBytes"/> blocks one receive takes whatever the socket holds, up to a block. Idle
/// connections hold no block (Kestrel waits for data before it rents one), so the cost is only in-flight
/// requests. Blocks are pinned (the socket layer needs that) and reused; at most <see cref="MaxPooledBlocks"/>
/// are kept when returned, the rest are left to the GC.
/// </summary>
internal sealed class ReceiveBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>The size of every block.</summary>
    public const int BlockBytes = 128 * 1024;

    /// <summary>Returned blocks kept for reuse (16 MiB).</summary>
    public const int MaxPooledBlocks = 128;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;
    private bool _disposed;

    /// <inheritdoc/>
    public override int MaxBufferSize => BlockBytes;

    /// <inheritdoc/>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (minBufferSize > BlockBytes)
        {
            // Pipes never ask for more than MaxBufferSize; anyone else gets a one-off array.
            return new OneOff(minBufferSize);
        }

        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            block.Lease();
            return block;
        }

        var fresh = new Block(this);
        fresh.Lease();
        return fresh;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
    }

    private void Return(Block block)
    {
        if (_disposed)
        {
            return;
        }

        if (Interlocked.Increment(ref _freeCount) > MaxPooledBlocks)
        {
            // Full: this block is left to the GC.
            Interlocked.Decrement(ref _freeCount);
            return;
        }

        _free.Enqueue(block);
    }

    /// <summary>A buffer larger than a block, not pooled.</summary>
    private sealed class OneOff(int length) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(length, pinned: true);

        public void Dispose()
        {
        }
    }

    /// <summary>One pinned block; it is its own owner and goes back to the pool when disposed.</summary>
    private sealed class Block(ReceiveBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockBytes, pinned: true);
        private int _leased;

        public Memory<byte> Memory
        {
            get
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _leased) == 0, this);
                return _array;
            }
        }

        public void Lease() => Volatile.Write(ref _leased, 1);

        public void Dispose()
        {
            // A double dispose must not put the block in the pool twice.
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }
}

/// <summary>Gives Kestrel's transport <see cref="ReceiveBlockMemoryPool"/>s (registered by <c>AddPublisherService</c>).</summary>
internal sealed class ReceiveBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    /// <inheritdoc/>
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new ReceiveBlockMemoryPool();
}
