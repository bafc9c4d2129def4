using System.Buffers;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Storage;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <content>
/// What peers send (the trust boundary for peer bytes after the wire parser) and what the verification worker reports.
/// </content>
internal sealed partial class TorrentSession : IPeerMessageHandler, IPieceWriterEvents
{
    /// <summary>How long pieces a peer rejected while unchoking us are not asked of it again.</summary>
    private const int RejectedPieceHoldSeconds = 2;

    [ThreadStatic]
    private static List<object>? t_cancelOwners;

    void IPeerMessageHandler.OnMessage(PeerConnection connection, in PeerMessage message)
    {
        var peer = (PeerSession)connection.Tag!;
        switch (message.Kind)
        {
            case PeerMessageKind.Bitfield:
                var incoming = new Bitfield(Layout.PieceCount);
                if (!incoming.TryReadFrom(message.Payload))
                {
                    throw new ProtocolViolationException(WireViolation.BadBitfield, "The peer's bitfield does not match the torrent's piece count.");
                }

                // Should the wire layer let a bitfield follow have none (aria2 does that), the old counts go first.
                Picker.PeerLeft(peer.Has, wasSeed: false);
                peer.Has.CopyFrom(incoming);
                Picker.PeerHasBitfield(peer.Has);
                UpdateInterest(peer);
                break;
            case PeerMessageKind.HaveAll:
                peer.IsSeed = true;
                peer.Has.SetAll();
                Picker.PeerHasAll();
                UpdateInterest(peer);
                break;
            case PeerMessageKind.Have:
                if (!peer.IsSeed && (uint)message.Index < (uint)Layout.PieceCount && peer.Has.Set(message.Index))
                {
                    Picker.PeerHasPiece(message.Index);
                    if (!peer.WantInterested)
                    {
                        UpdateInterest(peer);
                    }
                }

                break;
            case PeerMessageKind.Interested:
                MaybeUnchokeAtOnce(peer);
                break;
            case PeerMessageKind.Request:
                OnRequest(peer, in message);
                break;
            case PeerMessageKind.Extended:
                OnExtended(peer, in message);
                break;
            case PeerMessageKind.HashRequest:
            case PeerMessageKind.Hashes:
                OnHashMessage(peer, in message);
                break;
        }
    }

    private void OnRequest(PeerSession peer, in PeerMessage message)
    {
        if ((uint)message.Index >= (uint)Layout.PieceCount
            || message.Begin < 0
            || message.Length <= 0
            || message.Length > ProtocolLimits.MaxServedBlockLength
            || (long)message.Begin + message.Length > Layout.PieceSize(message.Index))
        {
            throw new ProtocolViolationException(WireViolation.InvalidRequest, "The peer requested a block outside the torrent.");
        }

        var block = new BlockRequest(message.Index, message.Begin, message.Length);
        if (peer.Connection.AmChoking && !peer.WantUnchoke)
        {
            if (peer.Connection.FastExtension)
            {
                peer.QueueUpload(block);
            }

            return;
        }

        peer.QueueUpload(block);
    }

    void IPeerMessageHandler.OnBlockReceived(PeerConnection connection, BlockRequest block, in ReadOnlySequence<byte> data)
    {
        var peer = (PeerSession)connection.Tag!;
        var length = (int)data.Length;
        Interlocked.Add(ref _downloadedFromPeers, length);
        _downloadLimit.Consume(length);
        Engine.DownloadLimit.Consume(length);
        var owners = t_cancelOwners ??= new List<object>(4);
        owners.Clear();
        var receipt = Picker.BlockReceived(block, peer, owners);
        var writer = _writer;
        if ((receipt == BlockReceipt.Accepted || receipt == BlockReceipt.PieceComplete) && writer is not null)
        {
            writer.AddBlock(block, in data, peer);
        }
        else
        {
            Interlocked.Add(ref _discarded, length);
        }

        for (var i = 0; i < owners.Count; i++)
        {
            if (!ReferenceEquals(owners[i], peer) && owners[i] is PeerSession other)
            {
                other.QueueCancel(block);
            }
        }

        owners.Clear();
    }

    void IPeerMessageHandler.OnRequestsAbandoned(PeerConnection connection, ReadOnlySpan<BlockRequest> requests)
    {
        Picker.RequestsAbandoned(requests, connection.Tag!);
    }

    void IPeerMessageHandler.OnRequestRejected(PeerConnection connection, BlockRequest request)
    {
        var peer = (PeerSession)connection.Tag!;
        if (!connection.PeerChoking)
        {
            // Rejected while unchoked: the peer will not send this piece now (a capped seed spreading first copies);
            // ask it for other pieces for a while and get this one elsewhere.
            peer.NoteRejected(request.Piece, Time.GetTimestamp());
        }

        ReadOnlySpan<BlockRequest> one = [request];
        Picker.RequestsAbandoned(one, peer);
    }

    int IPeerMessageHandler.FillRequests(PeerConnection connection, Span<BlockRequest> destination)
    {
        if (_state != TorrentState.Downloading || _writer is not { IsBacklogged: false } || !_downloadLimit.HasTokens || !Engine.DownloadLimit.HasTokens)
        {
            return 0;
        }

        var peer = (PeerSession)connection.Tag!;
        var only = default(ReadOnlySpan<int>);
        if (connection.PeerChoking)
        {
            only = connection.AllowedFast;
            if (only.IsEmpty)
            {
                return 0;
            }
        }

        return peer.PickBlocks(Picker, destination, only, Time.GetTimestamp(), Time.TimestampFrequency * RejectedPieceHoldSeconds);
    }

    void IPeerMessageHandler.OnClosed(PeerConnection connection, PeerCloseInfo info)
    {
        var peer = (PeerSession)connection.Tag!;
        Picker.PeerLeft(peer.IsSeed ? null : peer.Has, peer.IsSeed);
        peer.Complete();
    }

    void IPieceWriterEvents.OnPieceVerified(int piece)
    {
        MarkVerified(piece);
        lock (_gate)
        {
            _resumeDirty = true;
            foreach (var peer in _peers)
            {
                if (peer.IsSeed || peer.Has[piece])
                {
                    // Wakes its sender, which tops up requests paused while verification was backlogged.
                    UpdateInterestIfDone(peer);
                    peer.Signal();
                    continue;
                }

                peer.QueueHave(piece);
            }
        }

        CompleteIfDone();
    }

    void IPieceWriterEvents.OnPieceFailed(int piece, IReadOnlyList<object> contributors)
    {
        Interlocked.Add(ref _discarded, Layout.PieceSize(piece));
        Picker.PieceFailed(piece);
        for (var i = 0; i < contributors.Count; i++)
        {
            if (contributors[i] is PeerSession peer && Interlocked.Increment(ref peer.HashFailures) >= ProtocolLimits.MaxHashFailuresPerPeer)
            {
                Ban(peer);
            }
        }
    }

    void IPieceWriterEvents.OnDiskError(Exception error) => Fail(error);

    private void UpdateInterestIfDone(PeerSession peer)
    {
        if (peer.WantInterested)
        {
            UpdateInterest(peer);
        }
    }
}
