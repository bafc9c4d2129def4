using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Publisher.Service.Tracker;

/// <summary>
/// A peer's address and port in 18 bytes' worth of fields: IPv4 is kept as an IPv4-mapped IPv6 address
/// (<c>::ffff:a.b.c.d</c>) so both families share one key type.
/// </summary>
internal readonly struct PeerEndpoint : IEquatable<PeerEndpoint>
{
    private const ulong MappedPrefix = 0x0000_FFFF_0000_0000UL;

    public PeerEndpoint(ulong high, ulong low, ushort port)
    {
        High = high;
        Low = low;
        Port = port;
    }

    public ulong High { get; }

    public ulong Low { get; }

    public ushort Port { get; }

    public bool IsIPv4 => High == 0 && (Low & 0xFFFF_FFFF_0000_0000UL) == MappedPrefix;

    public static PeerEndpoint FromIPv4(uint address, ushort port) => new(0, MappedPrefix | address, port);

    public static PeerEndpoint FromIPv6(ReadOnlySpan<byte> address16, ushort port)
        => new(BinaryPrimitives.ReadUInt64BigEndian(address16), BinaryPrimitives.ReadUInt64BigEndian(address16[8..]), port);

    /// <summary>From a socket address; IPv4-mapped IPv6 addresses become IPv4.</summary>
    public static PeerEndpoint FromAddress(IPAddress address, ushort port)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes), port);
        }

        address.TryWriteBytes(bytes, out _);
        return FromIPv6(bytes, port);
    }

    /// <summary>Writes the compact form: 4 address bytes + port for IPv4, 16 + port for IPv6. Returns the count.</summary>
    public int WriteCompact(Span<byte> destination)
    {
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Low);
            BinaryPrimitives.WriteUInt16BigEndian(destination[4..], Port);
            return 6;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
        BinaryPrimitives.WriteUInt16BigEndian(destination[16..], Port);
        return 18;
    }

    public bool Equals(PeerEndpoint other) => High == other.High && Low == other.Low && Port == other.Port;

    public override bool Equals(object? obj) => obj is PeerEndpoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(High, Low, Port);
}
