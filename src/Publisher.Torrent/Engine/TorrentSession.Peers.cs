using System.Net;
using System.Net.Sockets;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <content>Connecting, accepting, banning and choking peers.</content>
internal sealed partial class TorrentSession
{
    /// <summary>Remembers a peer and dials it while the torrent runs and has room for another connection.</summary>
    public void AddPeer(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        lock (_gate)
        {
            if (_banned.Contains(endPoint) || (_known.Count >= ProtocolLimits.MaxKnownPeersPerTorrent && !_known.Contains(endPoint)))
            {
                return;
            }

            _known.Add(endPoint);
        }

        TryConnect(endPoint);
    }

    private void ConnectToKnownPeers()
    {
        IPEndPoint[] known;
        lock (_gate)
        {
            known = [.. _known];
        }

        foreach (var endPoint in known)
        {
            TryConnect(endPoint);
        }
    }

    private void TryConnect(IPEndPoint endPoint)
    {
        var run = _run;
        if (run is null || run.IsCancellationRequested || _state is TorrentState.Stopped or TorrentState.Checking or TorrentState.Error)
        {
            return;
        }

        lock (_gate)
        {
            if (_banned.Contains(endPoint) || _connecting.Contains(endPoint) || _peers.Count + _connecting.Count >= Options.MaxConnections || IsConnectedTo(endPoint)
                || !Engine.TryReserveConnection())
            {
                return;
            }

            _connecting.Add(endPoint);
            _peerTasks.Add(ConnectAsync(endPoint, run.Token));
        }
    }

    private bool IsConnectedTo(IPEndPoint endPoint)
    {
        foreach (var peer in _peers)
        {
            if (endPoint.Equals(peer.EndPoint))
            {
                return true;
            }
        }

        return false;
    }

    private async Task ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        await Task.Yield();
        PeerConnection? connection = null;
        try
        {
            connection = await PeerConnection.ConnectAsync(endPoint, Engine.ConnectionOptions, Time, cancellationToken).ConfigureAwait(false);
            var remote = await connection.HandshakeAsync(Engine.CreateHandshake(WireInfoHash), AlternativeInfoHash, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _connecting.Remove(endPoint);
            }

            if (remote is null || !Admit(remote))
            {
                return;
            }

            var peer = new PeerSession(this, connection, endPoint, outgoing: true, Layout.PieceCount);
            connection = null;
            await RunPeerAsync(peer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException or IOException)
        {
            // Unreachable or stopped: the peer stays known and is tried again on the next start.
        }
        finally
        {
            lock (_gate)
            {
                _connecting.Remove(endPoint);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            Engine.ReleaseConnection();
        }
    }

    /// <summary>An incoming connection whose handshake named this torrent: answer with the same hash and run it.</summary>
    public async Task AcceptAsync(PeerConnection connection, ReadOnlyMemory<byte> infoHash, CancellationToken cancellationToken)
    {
        var run = _run;
        bool admitted;
        lock (_gate)
        {
            admitted = run is not null && !run.IsCancellationRequested && _peers.Count + _connecting.Count < Options.MaxConnections
                && connection.RemoteEndPoint is IPEndPoint remoteEndPoint && !_banned.Contains(remoteEndPoint);
        }

        var reserved = admitted && Engine.TryReserveConnection();
        try
        {
            if (!reserved || !Admit(connection.RemoteHandshake!)
                || !await connection.SendHandshakeAsync(Engine.CreateHandshake(infoHash.Span), cancellationToken).ConfigureAwait(false))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }

            var peer = new PeerSession(this, connection, connection.RemoteEndPoint as IPEndPoint, outgoing: false, Layout.PieceCount);
            Task task;
            lock (_gate)
            {
                task = RunPeerAsync(peer, run!.Token);
                _peerTasks.Add(task);
            }

            await task.ConfigureAwait(false);
        }
        finally
        {
            if (reserved)
            {
                Engine.ReleaseConnection();
            }
        }
    }

    private bool Admit(PeerHandshake remote)
    {
        if (remote.PeerId.Span.SequenceEqual(Engine.PeerId.Span))
        {
            return false;
        }

        lock (_gate)
        {
            return !_bannedIds.Contains(Convert.ToHexString(remote.PeerId.Span));
        }
    }

    private async Task RunPeerAsync(PeerSession peer, CancellationToken cancellationToken)
    {
        var connection = peer.Connection;
        connection.PieceCount = Layout.PieceCount;
        lock (_gate)
        {
            _peers.Add(peer);
        }

        Task? sender = null;
        try
        {
            if (!await SendIntroductionAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            sender = peer.RunSenderAsync(Layout, SaveDirectory, cancellationToken);
            MaybeUnchokeAtOnce(peer);
            await connection.RunAsync(this, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            peer.Complete();
            if (sender is not null)
            {
                await sender.ConfigureAwait(false);
            }

            lock (_gate)
            {
                _peers.Remove(peer);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> SendIntroductionAsync(PeerConnection connection, CancellationToken cancellationToken)
    {
        if (connection.ExtensionProtocol)
        {
            var extensions = new ExtendedHandshake
            {
                Client = "Publisher",
                RequestQueueLength = ProtocolLimits.MaxIncomingRequests,
                MetadataSize = Torrent.InfoBytes.Length,
                Extensions = { [ExtendedHandshake.UtMetadata] = LocalUtMetadataId },
            };
            if (!await connection.SendExtendedAsync(ExtendedHandshake.HandshakeId, extensions.Encode(), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        var have = new Pieces.Bitfield(Layout.PieceCount);
        Picker.CopyHave(have);
        if (connection.FastExtension && (have.IsFull || have.IsEmpty))
        {
            return await connection.SendHaveAllAsync(have.IsFull, cancellationToken).ConfigureAwait(false);
        }

        return have.IsEmpty || await connection.SendBitfieldAsync(have, cancellationToken).ConfigureAwait(false);
    }

    private void Ban(PeerSession peer)
    {
        lock (_gate)
        {
            if (peer.EndPoint is { } endPoint)
            {
                _banned.Add(endPoint);
                _known.Remove(endPoint);
            }

            if (peer.Connection.RemoteHandshake is { } handshake)
            {
                _bannedIds.Add(Convert.ToHexString(handshake.PeerId.Span));
            }
        }

        peer.Connection.Close(PeerCloseReason.Local, message: "banned: sent data that failed its hash");
    }

    /// <summary>True when an address or peer id of a banned peer matches (for tests and diagnostics).</summary>
    public bool IsBanned(IPEndPoint endPoint)
    {
        lock (_gate)
        {
            return _banned.Contains(endPoint);
        }
    }

    private void UpdateInterest(PeerSession peer)
    {
        var wants = _state == TorrentState.Downloading && Picker.WantsAnyOf(peer.IsSeed ? null : peer.Has);
        peer.SetInterested(wants);
    }
}
