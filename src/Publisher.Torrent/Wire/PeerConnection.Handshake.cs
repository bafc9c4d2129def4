using System.Buffers;

namespace Publisher.Torrent.Wire;

/// <content>The BEP 3 handshake.</content>
internal sealed partial class PeerConnection
{
    /// <summary>The handshake we sent, once sent.</summary>
    public PeerHandshake? LocalHandshake { get; private set; }

    /// <summary>
    /// The initiator's side: sends <paramref name="local"/>, then waits for the peer's handshake, which must name
    /// the same info hash (or <paramref name="alternativeInfoHash"/>, the v2 hash of a hybrid torrent, BEP 52).
    /// Returns the peer's handshake, or null when the connection was closed (see <see cref="CloseInfo"/>).
    /// </summary>
    public async ValueTask<PeerHandshake?> HandshakeAsync(PeerHandshake local, ReadOnlyMemory<byte> alternativeInfoHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (!await SendHandshakeAsync(local, cancellationToken))
        {
            return null;
        }

        var remote = await ReceiveHandshakeAsync(cancellationToken);
        if (remote is null)
        {
            return null;
        }

        var infoHash = remote.InfoHash.Span;
        if (!infoHash.SequenceEqual(local.InfoHash.Span) && (alternativeInfoHash.Length == 0 || !infoHash.SequenceEqual(alternativeInfoHash.Span[..PeerHandshake.IdLength])))
        {
            Violate(WireViolation.InfoHashMismatch, "The peer answered with a different info hash.");
            return null;
        }

        return remote;
    }

    /// <summary>Sends our handshake (the receiving side calls this after <see cref="ReceiveHandshakeAsync"/> picked the torrent).</summary>
    public async ValueTask<bool> SendHandshakeAsync(PeerHandshake local, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        LocalHandshake = local;
        Negotiate();
        return await SendAsync(ProtocolLimits.HandshakeLength, local, static (span, handshake) => handshake.WriteTo(span), cancellationToken);
    }

    /// <summary>
    /// Waits for the peer's handshake for at most <see cref="PeerConnectionOptions.HandshakeTimeout"/>. Returns it, or
    /// null when the connection was closed (garbage, timeout, remote close; see <see cref="CloseInfo"/>).
    /// </summary>
    public async ValueTask<PeerHandshake?> ReceiveHandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _lifetime.Token);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(linked.Token);
                var buffer = result.Buffer;
                var status = PeerHandshake.TryRead(ref buffer, out var handshake, out var violation);
                if (status == WireReadStatus.Message)
                {
                    _input.AdvanceTo(buffer.Start);
                    RemoteHandshake = handshake;
                    _lastReceived = _time.GetTimestamp();
                    Negotiate();
                    return handshake;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (status == WireReadStatus.Violation)
                {
                    Violate(violation, "The peer did not start with the BitTorrent handshake.");
                    return null;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    Close(result.IsCanceled ? PeerCloseReason.Local : PeerCloseReason.RemoteClosed, message: "closed during the handshake");
                    return null;
                }
            }
        }
        catch (OperationCanceledException)
        {
            var reason = cancellationToken.IsCancellationRequested ? PeerCloseReason.Cancelled
                : timeout.IsCancellationRequested ? PeerCloseReason.HandshakeTimeout
                : PeerCloseReason.Local;
            Close(reason, message: "no handshake");
            return null;
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            Close(PeerCloseReason.TransportError, message: ex.Message);
            return null;
        }
    }

    private void Negotiate()
    {
        if (LocalHandshake is null || RemoteHandshake is null)
        {
            return;
        }

        var both = LocalHandshake.Capabilities & RemoteHandshake.Capabilities;
        _parser.FastExtension = (both & PeerCapabilities.Fast) != 0;
        _parser.ExtensionProtocol = (both & PeerCapabilities.Extensions) != 0;
    }

    private static bool IsTransportFailure(Exception ex) =>
        ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException;
}
