using System.Buffers;

namespace Publisher.Torrent.Trackers;

internal sealed partial class UdpTrackerClient
{
    /// <summary>An announce or scrape to send once a connection id is known.</summary>
    private readonly record struct UdpRequest(int Action, AnnounceRequest? Announce, IReadOnlyList<ReadOnlyMemory<byte>>? InfoHashes, byte[] UrlData)
    {
        public int Write(Span<byte> destination, ulong connectionId, uint transactionId) => Action == UdpTrackerPacket.ActionAnnounce
            ? UdpTrackerPacket.WriteAnnounce(destination, connectionId, transactionId, Announce!, UrlData)
            : UdpTrackerPacket.WriteScrape(destination, connectionId, transactionId, InfoHashes!);
    }

    /// <summary>A reply in a pooled buffer (returned by <see cref="Return"/>), or a failure.</summary>
    private readonly record struct UdpExchange(TrackerFailure Failure, string? Reason, byte[]? Buffer, int Length)
    {
        public static UdpExchange Failed(TrackerFailure failure, string reason) => new(failure, reason, null, 0);

        public void Return()
        {
            if (Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }
}
