using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Publisher.Torrent.Wire;

/// <summary>
/// BEP 6 "Allowed Fast Set Generation": the canonical piece indices a peer at a given IPv4 address may request while
/// choked. The same inputs give the same set everywhere, so a peer cannot collect extra sets by reconnecting.
/// </summary>
internal static class AllowedFastSet
{
    /// <summary>The set size BEP 6 suggests.</summary>
    public const int DefaultCount = 10;

    /// <summary>
    /// Writes min(<paramref name="destination"/>.Length, <paramref name="pieceCount"/>) indices for the peer at
    /// <paramref name="address"/> and returns how many. IPv6 peers get none (BEP 6 has no provision for them) unless
    /// the address is an IPv4-mapped one.
    /// </summary>
    public static int Generate(IPAddress address, ReadOnlySpan<byte> infoHash, int pieceCount, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(pieceCount);
        if (infoHash.Length != PeerHandshake.IdLength)
        {
            throw new ArgumentException("The allowed fast set is computed from a 20-byte info hash.", nameof(infoHash));
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var k = Math.Min(destination.Length, pieceCount);
        if (k == 0 || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return 0;
        }

        Span<byte> x = stackalloc byte[24];
        address.TryWriteBytes(x, out _);
        x[3] = 0;
        infoHash.CopyTo(x[4..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(x, hash);
        var count = 0;
        while (true)
        {
            for (var i = 0; i < 5 && count < k; i++)
            {
                var y = BinaryPrimitives.ReadUInt32BigEndian(hash[(i * 4)..]);
                var index = (int)(y % (uint)pieceCount);
                if (!destination[..count].Contains(index))
                {
                    destination[count++] = index;
                }
            }

            if (count == k)
            {
                return count;
            }

            hash.CopyTo(x);
            SHA1.HashData(x[..20], hash);
        }
    }
}
