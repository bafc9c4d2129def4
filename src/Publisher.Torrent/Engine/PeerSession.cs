using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <summary>
/// The engine's state for one connected peer: what it has, what we want to tell it, and its queue of block requests.
/// Read loops and timers only record wishes and signal; one sender loop per peer does the sending (so handlers never
/// block and sends to one peer never interleave).
/// </summary>
internal sealed partial class PeerSession
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ConcurrentQueue<int> _haves = new();
    private readonly ConcurrentQueue<BlockRequest> _cancels = new();
    private readonly ConcurrentQueue<BlockRequest> _uploads = new();
    private readonly ConcurrentQueue<int> _metadataRequests = new();
    private volatile bool _wantInterested;
    private volatile bool _wantUnchoke;
    private int _uploadCount;

    public PeerSession(TorrentSession torrent, PeerConnection connection, IPEndPoint? endPoint, bool outgoing, int pieceCount)
    {
        Torrent = torrent;
        Connection = connection;
        EndPoint = endPoint;
        Outgoing = outgoing;
        Has = new Bitfield(pieceCount);
        connection.Tag = this;
    }

    public TorrentSession Torrent { get; }

    public PeerConnection Connection { get; }

    /// <summary>The address we dialled, or the remote address of an incoming connection.</summary>
    public IPEndPoint? EndPoint { get; }

    public bool Outgoing { get; }

    /// <summary>Pieces the peer announced (bitfield and haves); unused once <see cref="IsSeed"/> (have all).</summary>
    public Bitfield Has { get; }

    /// <summary>The peer sent have all (BEP 6).</summary>
    public bool IsSeed { get; set; }

    /// <summary>Pieces that failed their hash with blocks from this peer.</summary>
    public int HashFailures;

    /// <summary>When we last unchoked it (round-robin while seeding), as a timestamp.</summary>
    public long UnchokedAt { get; set; }

    /// <summary>What we want to tell the peer about our interest.</summary>
    public bool WantInterested => _wantInterested;

    /// <summary>What the choker decided for this peer.</summary>
    public bool WantUnchoke => _wantUnchoke;

    /// <summary>Requests waiting to be served.</summary>
    public int QueuedUploads => Volatile.Read(ref _uploadCount);

    public void SetInterested(bool interested)
    {
        if (_wantInterested != interested)
        {
            _wantInterested = interested;
            Signal();
        }
    }

    public void SetUnchoke(bool unchoke)
    {
        if (_wantUnchoke != unchoke)
        {
            _wantUnchoke = unchoke;
            Signal();
        }
    }

    public void QueueHave(int piece)
    {
        _haves.Enqueue(piece);
        Signal();
    }

    public void QueueCancel(BlockRequest block)
    {
        _cancels.Enqueue(block);
        Signal();
    }

    public void QueueMetadataRequest(int piece)
    {
        if (_metadataRequests.Count < ProtocolLimits.MaxIncomingRequests)
        {
            _metadataRequests.Enqueue(piece);
            Signal();
        }
    }

    public void QueueUpload(BlockRequest block)
    {
        Interlocked.Increment(ref _uploadCount);
        _uploads.Enqueue(block);
        Signal();
    }

    /// <summary>Wakes the sender loop (and tops up requests there).</summary>
    public void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>Ends the sender loop.</summary>
    public void Complete() => _signal.Writer.TryComplete();
}
