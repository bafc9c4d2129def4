using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Publisher.Torrent.Trackers;

/// <summary>
/// BEP 15 UDP tracker client: connect, announce (with BEP 41 URLData), scrape; connection ids reused for their
/// lifetime; retransmission after <c>UdpRetryBase * 2^n</c> on the injected clock.
/// </summary>
internal sealed partial class UdpTrackerClient
{
    private const int MaxRequestLength = 16 + (ProtocolLimits.MaxScrapeInfoHashes * 20) > UdpTrackerPacket.MaxAnnounceRequestLength
        ? 16 + (ProtocolLimits.MaxScrapeInfoHashes * 20)
        : UdpTrackerPacket.MaxAnnounceRequestLength;

    private readonly TrackerClientOptions _options;

    public UdpTrackerClient(TrackerClientOptions options)
    {
        _options = options;
        Connections = new UdpConnectionCache(options.TimeProvider, options.UdpConnectionIdLifetime);
    }

    /// <summary>The connection ids held per tracker endpoint.</summary>
    public UdpConnectionCache Connections { get; }

    public async ValueTask<AnnounceResult> AnnounceAsync(Uri tracker, AnnounceRequest request, CancellationToken cancellationToken)
    {
        var urlData = GetUrlData(tracker);
        if (urlData.Length > UdpTrackerPacket.MaxUrlDataBytes)
        {
            return AnnounceResult.Failed(TrackerFailure.Unreachable, $"The tracker URL's path and query are longer than {UdpTrackerPacket.MaxUrlDataBytes} bytes (BEP 41 URLData).");
        }

        var (endpoint, resolveError) = await ResolveAsync(tracker, cancellationToken);
        if (endpoint is null)
        {
            return AnnounceResult.Failed(TrackerFailure.Unreachable, resolveError!);
        }

        var exchange = await ExchangeAsync(endpoint, new UdpRequest(UdpTrackerPacket.ActionAnnounce, request, null, urlData), cancellationToken);
        try
        {
            return exchange.Failure != TrackerFailure.None
                ? AnnounceResult.Failed(exchange.Failure, exchange.Reason!)
                : UdpTrackerPacket.ParseAnnounce(exchange.Buffer.AsSpan(0, exchange.Length), IsIPv6(endpoint));
        }
        finally
        {
            exchange.Return();
        }
    }

    public async ValueTask<ScrapeResult> ScrapeAsync(Uri tracker, IReadOnlyList<ReadOnlyMemory<byte>> infoHashes, CancellationToken cancellationToken)
    {
        var (endpoint, resolveError) = await ResolveAsync(tracker, cancellationToken);
        if (endpoint is null)
        {
            return ScrapeResult.Failed(TrackerFailure.Unreachable, resolveError!);
        }

        var exchange = await ExchangeAsync(endpoint, new UdpRequest(UdpTrackerPacket.ActionScrape, null, infoHashes, []), cancellationToken);
        try
        {
            return exchange.Failure != TrackerFailure.None
                ? ScrapeResult.Failed(exchange.Failure, exchange.Reason!)
                : UdpTrackerPacket.ParseScrape(exchange.Buffer.AsSpan(0, exchange.Length), infoHashes);
        }
        finally
        {
            exchange.Return();
        }
    }

    /// <summary>The BEP 41 URLData for a tracker URL: its path and query, or nothing when the path is just "/".</summary>
    internal static byte[] GetUrlData(Uri tracker)
    {
        var pathAndQuery = tracker.PathAndQuery;
        return pathAndQuery is "/" or "" ? [] : Encoding.UTF8.GetBytes(pathAndQuery);
    }

    private static bool IsIPv6(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !endpoint.Address.IsIPv4MappedToIPv6;

    private static uint NewTransactionId()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt32(bytes);
    }

    private static async ValueTask<(IPEndPoint? EndPoint, string? Error)> ResolveAsync(Uri tracker, CancellationToken cancellationToken)
    {
        if (tracker.Port is <= 0 or > 65535)
        {
            return (null, $"The UDP tracker URL '{tracker}' has no port.");
        }

        var host = tracker.DnsSafeHost;
        if (IPAddress.TryParse(host, out var literal))
        {
            return (new IPEndPoint(literal, tracker.Port), null);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            IPAddress? chosen = null;
            foreach (var address in addresses)
            {
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    chosen = address;
                    break;
                }

                chosen ??= address;
            }

            return chosen is null ? (null, $"'{host}' has no address.") : (new IPEndPoint(chosen, tracker.Port), null);
        }
        catch (SocketException exception)
        {
            return (null, $"Cannot resolve '{host}': {exception.Message}");
        }
    }

    private async ValueTask<UdpExchange> ExchangeAsync(IPEndPoint endpoint, UdpRequest request, CancellationToken cancellationToken)
    {
        var send = ArrayPool<byte>.Shared.Rent(MaxRequestLength);
        var receive = ArrayPool<byte>.Shared.Rent(ProtocolLimits.MaxUdpTrackerPacketBytes);
        var handedOver = false;
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(endpoint);
            var attempt = 0;
            while (true)
            {
                if (!Connections.TryGet(endpoint, out var connectionId))
                {
                    var connectTransaction = NewTransactionId();
                    var connectLength = UdpTrackerPacket.WriteConnect(send, connectTransaction);
                    var connectReceived = await SendAndReceiveAsync(socket, send.AsMemory(0, connectLength), receive, connectTransaction, attempt, cancellationToken);
                    if (connectReceived < 0)
                    {
                        if (++attempt > _options.UdpMaxRetransmissions)
                        {
                            return UdpExchange.Failed(TrackerFailure.Timeout, $"No reply from UDP tracker {endpoint} after {attempt} attempts.");
                        }

                        continue;
                    }

                    UdpTrackerPacket.TryReadHeader(receive.AsSpan(0, connectReceived), out var connectAction, out _);
                    if (connectAction == UdpTrackerPacket.ActionError)
                    {
                        return UdpExchange.Failed(TrackerFailure.Rejected, UdpTrackerPacket.ReadErrorMessage(receive.AsSpan(0, connectReceived)));
                    }

                    if (connectAction != UdpTrackerPacket.ActionConnect
                        || !UdpTrackerPacket.TryReadConnectionId(receive.AsSpan(0, connectReceived), out connectionId))
                    {
                        return UdpExchange.Failed(TrackerFailure.InvalidResponse, $"UDP tracker {endpoint} sent an invalid connect reply (action {connectAction}, {connectReceived} bytes).");
                    }

                    Connections.Set(endpoint, connectionId);
                }

                var transaction = NewTransactionId();
                var length = request.Write(send, connectionId, transaction);
                var received = await SendAndReceiveAsync(socket, send.AsMemory(0, length), receive, transaction, attempt, cancellationToken);
                if (received < 0)
                {
                    if (++attempt > _options.UdpMaxRetransmissions)
                    {
                        return UdpExchange.Failed(TrackerFailure.Timeout, $"No reply from UDP tracker {endpoint} after {attempt} attempts.");
                    }

                    continue;
                }

                UdpTrackerPacket.TryReadHeader(receive.AsSpan(0, received), out var action, out _);
                if (action == UdpTrackerPacket.ActionError)
                {
                    // The error may be about our connection id; the next request starts with a fresh one.
                    Connections.Remove(endpoint);
                    return UdpExchange.Failed(TrackerFailure.Rejected, UdpTrackerPacket.ReadErrorMessage(receive.AsSpan(0, received)));
                }

                if (action != request.Action)
                {
                    return UdpExchange.Failed(TrackerFailure.InvalidResponse, $"UDP tracker {endpoint} answered action {request.Action} with action {action}.");
                }

                handedOver = true;
                return new UdpExchange(TrackerFailure.None, null, receive, received);
            }
        }
        catch (SocketException exception)
        {
            return UdpExchange.Failed(TrackerFailure.Unreachable, $"UDP tracker {endpoint}: {exception.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(send);
            if (!handedOver)
            {
                ArrayPool<byte>.Shared.Return(receive);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits <c>UdpRetryBase * 2^attempt</c> for a reply with the same transaction
    /// id (others are ignored). Returns the reply's length, or -1 on timeout.
    /// </summary>
    private async ValueTask<int> SendAndReceiveAsync(Socket socket, ReadOnlyMemory<byte> request, Memory<byte> receive, uint transactionId, int attempt, CancellationToken cancellationToken)
    {
        await socket.SendAsync(request, SocketFlags.None, cancellationToken);
        var timeout = _options.UdpRetryBase * (1 << attempt);
        using var timeoutSource = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        while (true)
        {
            int length;
            try
            {
                length = await socket.ReceiveAsync(receive, SocketFlags.None, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return -1;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.MessageSize)
            {
                continue; // larger than any valid reply: not ours to parse
            }

            if (UdpTrackerPacket.TryReadHeader(receive.Span[..length], out _, out var replyTransaction) && replyTransaction == transactionId)
            {
                return length;
            }
        }
    }
}
