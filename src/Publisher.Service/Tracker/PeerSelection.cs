using Microsoft.Extensions.ObjectPool;

namespace Publisher.Service.Tracker;

/// <summary>
/// A reusable buffer the swarm store fills with compact peers (IPv4: 6 bytes, IPv6: 18 bytes each), so an announce
/// answer needs no allocation. Rented from the pool made by <see cref="CreatePool"/> and returned after the response is written.
/// </summary>
internal sealed class PeerSelection
{
    private readonly byte[] _ipv4;
    private readonly byte[] _ipv6;

    public PeerSelection(int capacity)
    {
        Capacity = capacity;
        _ipv4 = new byte[capacity * 6];
        _ipv6 = new byte[capacity * 18];
    }

    public int Capacity { get; }

    /// <summary>Most peers to add (at most <see cref="Capacity"/>).</summary>
    public int Limit { get; private set; }

    public PeerFamilies Families { get; private set; } = PeerFamilies.Both;

    public int Count => IPv4Count + IPv6Count;

    public int IPv4Count { get; private set; }

    public int IPv6Count { get; private set; }

    public bool IsFull => Count >= Limit;

    public ReadOnlySpan<byte> IPv4Peers => _ipv4.AsSpan(0, IPv4Count * 6);

    public ReadOnlySpan<byte> IPv6Peers => _ipv6.AsSpan(0, IPv6Count * 18);

    public void Reset(int limit, PeerFamilies families)
    {
        Limit = Math.Clamp(limit, 0, Capacity);
        Families = families;
        IPv4Count = 0;
        IPv6Count = 0;
    }

    /// <summary>Adds a peer when there is room and its family is wanted.</summary>
    public void TryAdd(ulong high, ulong low, ushort port)
    {
        if (IsFull)
        {
            return;
        }

        var endpoint = new PeerEndpoint(high, low, port);
        if (endpoint.IsIPv4)
        {
            if ((Families & PeerFamilies.IPv4) != 0)
            {
                endpoint.WriteCompact(_ipv4.AsSpan(IPv4Count * 6));
                IPv4Count++;
            }
        }
        else if ((Families & PeerFamilies.IPv6) != 0)
        {
            endpoint.WriteCompact(_ipv6.AsSpan(IPv6Count * 18));
            IPv6Count++;
        }
    }

    /// <summary>Creates the pool of selections sized for <paramref name="capacity"/> peers.</summary>
    public static ObjectPool<PeerSelection> CreatePool(int capacity)
        => new DefaultObjectPool<PeerSelection>(new Policy(capacity), Environment.ProcessorCount * 4);

    private sealed class Policy(int capacity) : IPooledObjectPolicy<PeerSelection>
    {
        public PeerSelection Create() => new(capacity);

        public bool Return(PeerSelection obj) => true;
    }
}
