using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Publisher.Service.Hosting;
using Publisher.Service.Tests.Testing;

namespace Publisher.Service.Tests.Hosting;

/// <summary>Kestrel's large receive blocks: reuse, one return per rent, the cap, and that the service's Kestrel uses them.</summary>
public sealed class ReceiveBlockMemoryPoolTests
{
    [Fact]
    public void Rent_ReturnedBlock_IsReusedAndFullSize()
    {
        using var pool = new ReceiveBlockMemoryPool();

        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();
        using var second = pool.Rent(4096);

        Assert.Equal(ReceiveBlockMemoryPool.BlockBytes, pool.MaxBufferSize);
        Assert.Equal(ReceiveBlockMemoryPool.BlockBytes, second.Memory.Length);
        Assert.True(memory.Span == second.Memory.Span, "the returned block was not reused");
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        using var pool = new ReceiveBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        Assert.Throws<ObjectDisposedException>(() => block.Memory);
        block.Dispose();

        using var a = pool.Rent();
        using var b = pool.Rent();

        Assert.False(a.Memory.Span == b.Memory.Span, "one block was handed out twice");
    }

    [Fact]
    public void Rent_LargerThanABlock_GivesAOneOffBuffer()
    {
        using var pool = new ReceiveBlockMemoryPool();

        using var large = pool.Rent(ReceiveBlockMemoryPool.BlockBytes + 1);

        Assert.True(large.Memory.Length >= ReceiveBlockMemoryPool.BlockBytes + 1);
    }

    [Fact]
    public void Return_BeyondTheCap_KeepsAtMostMaxPooledBlocks()
    {
        using var pool = new ReceiveBlockMemoryPool();
        var rented = new List<IDisposable>();
        for (var i = 0; i < ReceiveBlockMemoryPool.MaxPooledBlocks + 10; i++)
        {
            rented.Add(pool.Rent());
        }

        foreach (var owner in rented)
        {
            owner.Dispose();
        }

        // Renting again reuses the kept blocks first; only MaxPooledBlocks of them were kept.
        var again = new List<System.Buffers.IMemoryOwner<byte>>();
        for (var i = 0; i < ReceiveBlockMemoryPool.MaxPooledBlocks + 10; i++)
        {
            again.Add(pool.Rent());
        }

        var reused = 0;
        foreach (var owner in again)
        {
            foreach (var old in rented)
            {
                if (ReferenceEquals(old, owner))
                {
                    reused++;
                    break;
                }
            }

            owner.Dispose();
        }

        Assert.Equal(ReceiveBlockMemoryPool.MaxPooledBlocks, reused);
    }

    [Fact]
    public async Task Service_RegistersTheFactoryKestrelUses()
    {
        await using var host = await ServiceHost.StartAsync(TestContext.Current.CancellationToken);

        Assert.IsType<ReceiveBlockMemoryPoolFactory>(host.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
    }
}
