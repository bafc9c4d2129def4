using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Publisher.Service.Tracker;

/// <summary>
/// Stateless BEP 15 connection ids: <c>issue time (32 bits, unix seconds) | HMAC-SHA256(address, port, time) (32 bits)</c>
/// under a per-process random key. Valid for <see cref="Lifetime"/> for the address and port they were issued to,
/// so a spoofed source cannot announce, and the tracker keeps no table of connections. Each thread keeps its own keyed
/// HMAC so the key schedule is not redone per datagram.
/// </summary>
internal sealed class UdpConnectionIds : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _timeProvider;
    private readonly ThreadLocal<IncrementalHash> _hmac;
    private int _disposed;

    public UdpConnectionIds(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key), trackAllValues: true);
    }

    public ulong Issue(in PeerEndpoint source)
    {
        var issued = Now();
        return ((ulong)issued << 32) | Mac(source, issued);
    }

    public bool IsValid(ulong connectionId, in PeerEndpoint source)
    {
        var issued = (uint)(connectionId >> 32);
        var now = Now();
        if (issued > now || now - issued > (uint)Lifetime.TotalSeconds)
        {
            return false;
        }

        return Mac(source, issued) == (uint)connectionId;
    }

    private uint Now() => (uint)Math.Clamp(_timeProvider.GetUtcNow().ToUnixTimeSeconds(), 0, uint.MaxValue);

    private uint Mac(in PeerEndpoint source, uint issued)
    {
        Span<byte> data = stackalloc byte[22];
        BinaryPrimitives.WriteUInt64BigEndian(data, source.High);
        BinaryPrimitives.WriteUInt64BigEndian(data[8..], source.Low);
        BinaryPrimitives.WriteUInt16BigEndian(data[16..], source.Port);
        BinaryPrimitives.WriteUInt32BigEndian(data[18..], issued);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var hmac = _hmac.Value!;
        hmac.AppendData(data);
        hmac.GetHashAndReset(hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var hmac in _hmac.Values)
        {
            hmac.Dispose();
        }

        _hmac.Dispose();
    }
}
