using System.Buffers.Binary;
using System.Text;
using Publisher.Torrent;

namespace Publisher.Service.Tracker;

/// <summary>
/// Answers one BEP 15 datagram: connect, announce (with BEP 41 URLData for tokens), scrape. Returns the answer's
/// length, or 0 to drop. Datagrams shorter than a header are dropped; a bad connection id, unknown action or
/// malformed body is answered with an error packet, but only when it is no longer than the request, so a spoofed
/// source cannot use the tracker as an amplifier (answers with peers need a valid connection id, which proves the source).
/// </summary>
internal sealed class UdpRequestHandler
{
    public const ulong ProtocolId = 0x41727101980;
    public const int HeaderLength = 16;
    public const int AnnounceLength = 98;
    public const int MaxResponseLength = 20 + (1000 * 18);

    private const uint ActionConnect = 0;
    private const uint ActionAnnounce = 1;
    private const uint ActionScrape = 2;
    private const uint ActionError = 3;

    private readonly TrackerCore _core;
    private readonly UdpConnectionIds _connectionIds;

    public UdpRequestHandler(TrackerCore core, UdpConnectionIds connectionIds)
    {
        _core = core;
        _connectionIds = connectionIds;
    }

    public async ValueTask<int> HandleAsync(ReadOnlyMemory<byte> request, PeerEndpoint source, Memory<byte> response, CancellationToken cancellationToken)
    {
        if (request.Length < HeaderLength)
        {
            return 0;
        }

        var connectionId = BinaryPrimitives.ReadUInt64BigEndian(request.Span);
        var action = BinaryPrimitives.ReadUInt32BigEndian(request.Span[8..]);
        var transactionId = BinaryPrimitives.ReadUInt32BigEndian(request.Span[12..]);
        if (action == ActionConnect)
        {
            if (connectionId != ProtocolId)
            {
                return 0;
            }

            var span = response.Span;
            BinaryPrimitives.WriteUInt32BigEndian(span, ActionConnect);
            BinaryPrimitives.WriteUInt32BigEndian(span[4..], transactionId);
            BinaryPrimitives.WriteUInt64BigEndian(span[8..], _connectionIds.Issue(source));
            return 16;
        }

        if (!_connectionIds.IsValid(connectionId, source))
        {
            return Error(response.Span, request.Length, transactionId, "invalid or expired connection id");
        }

        return action switch
        {
            ActionAnnounce => await AnnounceAsync(request, source, transactionId, response, cancellationToken),
            ActionScrape => await ScrapeAsync(request, transactionId, response, cancellationToken),
            _ => Error(response.Span, request.Length, transactionId, "unknown action"),
        };
    }

    private int Error(Span<byte> response, int requestLength, uint transactionId, string message)
    {
        _core.Metrics.Failure(udp: true);
        if (8 + message.Length > requestLength)
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32BigEndian(response, ActionError);
        BinaryPrimitives.WriteUInt32BigEndian(response[4..], transactionId);
        return 8 + Encoding.ASCII.GetBytes(message, response[8..]);
    }

    private async ValueTask<int> AnnounceAsync(ReadOnlyMemory<byte> request, PeerEndpoint source, uint transactionId, Memory<byte> response, CancellationToken cancellationToken)
    {
        if (request.Length < AnnounceLength)
        {
            return Error(response.Span, request.Length, transactionId, "announce is too short");
        }

        var failure = Parse(request.Span, source, out var infoHash, out var announce, out var numWant, out var token);
        if (failure != TrackerFailure.None)
        {
            return Error(response.Span, request.Length, transactionId, TrackerFailureMessages.Get(failure));
        }

        var decision = await _core.CheckAnnounceAsync(infoHash, token.AsMemory(), cancellationToken);
        if (decision != AccessDecision.Allowed)
        {
            return Error(response.Span, request.Length, transactionId, TrackerFailureMessages.Get(TrackerFailureMessages.From(decision)));
        }

        var selection = _core.Selections.Get();
        try
        {
            var families = source.IsIPv4 ? PeerFamilies.IPv4 : PeerFamilies.IPv6;
            selection.Reset(announce.Event == AnnounceEvent.Stopped ? 0 : _core.NumWant(numWant), families);
            var outcome = await _core.Store.AnnounceAsync(infoHash, announce, selection, cancellationToken);
            if (outcome.Status != AnnounceStatus.Ok)
            {
                return Error(response.Span, request.Length, transactionId, TrackerFailureMessages.Get(TrackerCore.ToFailure(outcome.Status)));
            }

            var span = response.Span;
            BinaryPrimitives.WriteUInt32BigEndian(span, ActionAnnounce);
            BinaryPrimitives.WriteUInt32BigEndian(span[4..], transactionId);
            BinaryPrimitives.WriteInt32BigEndian(span[8..], _core.NextIntervalSeconds());
            BinaryPrimitives.WriteInt32BigEndian(span[12..], outcome.Leechers);
            BinaryPrimitives.WriteInt32BigEndian(span[16..], outcome.Seeders);
            var peers = source.IsIPv4 ? selection.IPv4Peers : selection.IPv6Peers;
            peers.CopyTo(span[20..]);
            _core.Metrics.Announce(udp: true);
            return 20 + peers.Length;
        }
        finally
        {
            _core.Selections.Return(selection);
        }
    }

    private static TrackerFailure Parse(ReadOnlySpan<byte> packet, PeerEndpoint source, out TrackerInfoHash infoHash, out PeerAnnounce announce, out int numWant, out string? token)
    {
        infoHash = TrackerInfoHash.FromBytes(packet.Slice(16, TrackerInfoHash.Length));
        announce = default;
        token = null;
        var downloaded = BinaryPrimitives.ReadInt64BigEndian(packet[56..]);
        var left = BinaryPrimitives.ReadInt64BigEndian(packet[64..]);
        var uploaded = BinaryPrimitives.ReadInt64BigEndian(packet[72..]);
        var announceEvent = BinaryPrimitives.ReadUInt32BigEndian(packet[80..]);
        var key = BinaryPrimitives.ReadUInt32BigEndian(packet[88..]);
        numWant = BinaryPrimitives.ReadInt32BigEndian(packet[92..]);
        var port = BinaryPrimitives.ReadUInt16BigEndian(packet[96..]);
        if (downloaded < 0)
        {
            return TrackerFailure.InvalidDownloaded;
        }

        if (uploaded < 0)
        {
            return TrackerFailure.InvalidUploaded;
        }

        if (left < -1)
        {
            return TrackerFailure.InvalidLeft;
        }

        if (announceEvent > 3)
        {
            return TrackerFailure.InvalidEvent;
        }

        if (port == 0)
        {
            return TrackerFailure.InvalidPort;
        }

        if (numWant > ProtocolLimits.TrackerServerNumWantParameterMax)
        {
            return TrackerFailure.NumWantTooLarge;
        }

        if (!UdpUrlData.TryReadToken(packet[AnnounceLength..], out token))
        {
            return TrackerFailure.InvalidToken;
        }

        announce = new PeerAnnounce(
            new PeerEndpoint(source.High, source.Low, port),
            key,
            uploaded,
            downloaded,
            left,
            (AnnounceEvent)announceEvent);
        return TrackerFailure.None;
    }

    private async ValueTask<int> ScrapeAsync(ReadOnlyMemory<byte> request, uint transactionId, Memory<byte> response, CancellationToken cancellationToken)
    {
        var count = (request.Length - HeaderLength) / TrackerInfoHash.Length;
        if (count == 0)
        {
            return Error(response.Span, request.Length, transactionId, TrackerFailureMessages.Get(TrackerFailure.FullScrapeRefused));
        }

        if (count > ProtocolLimits.TrackerServerMaxScrapeHashes)
        {
            return Error(response.Span, request.Length, transactionId, TrackerFailureMessages.Get(TrackerFailure.TooManyInfoHashes));
        }

        BinaryPrimitives.WriteUInt32BigEndian(response.Span, ActionScrape);
        BinaryPrimitives.WriteUInt32BigEndian(response.Span[4..], transactionId);
        for (var i = 0; i < count; i++)
        {
            var infoHash = TrackerInfoHash.FromBytes(request.Span.Slice(HeaderLength + (i * TrackerInfoHash.Length), TrackerInfoHash.Length));
            var statistics = await _core.ScrapeAsync(infoHash, cancellationToken);
            var entry = response.Span[(8 + (i * 12))..];
            BinaryPrimitives.WriteInt32BigEndian(entry, statistics?.Seeders ?? 0);
            BinaryPrimitives.WriteInt32BigEndian(entry[4..], (int)Math.Min(statistics?.Completed ?? 0, int.MaxValue));
            BinaryPrimitives.WriteInt32BigEndian(entry[8..], statistics?.Leechers ?? 0);
        }

        _core.Metrics.Scrape(udp: true);
        return 8 + (count * 12);
    }
}
