using System.Net;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Storage;
using Publisher.Torrent.Trackers;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <summary>
/// One torrent inside a <see cref="TorrentEngine"/>: its picker, storage, peers, choker, tracker session and resume
/// file. Peer bytes enter through <see cref="IPeerMessageHandler"/> (this class) and are checked here before they
/// touch the picker or the disk.
/// </summary>
internal sealed partial class TorrentSession : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<PeerSession> _peers = [];
    private readonly List<Task> _peerTasks = [];
    private readonly HashSet<IPEndPoint> _connecting = [];
    private readonly HashSet<IPEndPoint> _known = [];
    private readonly HashSet<IPEndPoint> _banned = [];
    private readonly HashSet<string> _bannedIds = new(StringComparer.Ordinal);
    private readonly TokenBucket _downloadLimit;
    private readonly TokenBucket _uploadLimit;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _run;
    private FileHandleCache? _files;
    private PieceWriter? _writer;
    private TrackerSession? _tracker;
    private Task? _trackerTask;
    private Task? _tickTask;
    private volatile TorrentState _state = TorrentState.Stopped;
    private long _downloadedFromPeers;
    private long _downloadedFromWebSeeds;
    private long _uploaded;
    private long _discarded;
    private int _verifiedPieces;
    private long _verifiedBytes;
    private bool _resumeDirty;

    public TorrentSession(TorrentEngine engine, TorrentInfo torrent, string saveDirectory, TorrentOptions options)
    {
        Engine = engine;
        Torrent = torrent;
        SaveDirectory = Path.GetFullPath(saveDirectory);
        Options = options;
        Time = engine.Options.TimeProvider;
        Layout = TorrentVerifier.CreateLayout(torrent);
        Picker = new PiecePicker(Layout.TotalLength, Layout.PieceLength);
        var primary = torrent.InfoHashes.Primary;
        WireInfoHash = primary.ToArray();
        AlternativeInfoHash = torrent.InfoHashes.V1 is not null && torrent.InfoHashes.V2 is { } v2 ? v2.ToArray() : [];
        ResumePath = options.ResumeFilePath ?? Path.Combine(SaveDirectory, ".publisher", primary.ToHex() + ".resume");
        _downloadLimit = new TokenBucket(options.MaxDownloadBytesPerSecond, Time);
        _uploadLimit = new TokenBucket(options.MaxUploadBytesPerSecond, Time);
    }

    public TorrentEngine Engine { get; }

    public TorrentInfo Torrent { get; }

    public string SaveDirectory { get; }

    public TorrentOptions Options { get; }

    public TimeProvider Time { get; }

    public StorageLayout Layout { get; }

    public PiecePicker Picker { get; }

    public int PieceLength => Layout.PieceLength;

    /// <summary>The 20-byte info hash we dial with (v1, or the truncated v2 hash of a pure v2 torrent).</summary>
    public byte[] WireInfoHash { get; }

    /// <summary>A hybrid torrent's full v2 hash (peers may answer with its truncation); empty otherwise.</summary>
    public byte[] AlternativeInfoHash { get; }

    public string ResumePath { get; }

    public TorrentState State => _state;

    public Exception? Error { get; private set; }

    /// <summary>Completes when every piece is verified on disk; faults when the torrent fails.</summary>
    public Task Completion => _completed.Task;

    public event EventHandler<TorrentProgress>? ProgressChanged;

    public int PeerCount
    {
        get
        {
            lock (_gate)
            {
                return _peers.Count;
            }
        }
    }

    public TransferStatistics Statistics => new(
        Interlocked.Read(ref _downloadedFromPeers),
        Interlocked.Read(ref _downloadedFromWebSeeds),
        Interlocked.Read(ref _uploaded),
        Interlocked.Read(ref _discarded));

    public TorrentProgress Progress
    {
        get
        {
            double down = 0;
            double up = 0;
            int peers;
            lock (_gate)
            {
                peers = _peers.Count;
                foreach (var peer in _peers)
                {
                    down += peer.Connection.DownloadRate.BytesPerSecond;
                    up += peer.Connection.UploadRate.BytesPerSecond;
                }
            }

            return new TorrentProgress(_state, Volatile.Read(ref _verifiedPieces), Layout.PieceCount, Interlocked.Read(ref _verifiedBytes), Layout.TotalLength, Statistics, peers, down, up);
        }
    }

    /// <summary>Adds bytes a source other than the wire delivered (web seeds) to the statistics.</summary>
    public void AddDownloaded(TransferSource source, long bytes)
    {
        if (source == TransferSource.Peers)
        {
            Interlocked.Add(ref _downloadedFromPeers, bytes);
        }
        else
        {
            Interlocked.Add(ref _downloadedFromWebSeeds, bytes);
        }
    }

    public void AddUploaded(int bytes) => Interlocked.Add(ref _uploaded, bytes);

    /// <summary>True when we may serve piece <paramref name="piece"/> (verified and not paused).</summary>
    public bool CanServe(int piece) => _state is TorrentState.Downloading or TorrentState.Seeding && Picker.Have[piece];

    public async ValueTask WaitUploadAsync(int bytes, CancellationToken cancellationToken)
    {
        await _uploadLimit.WaitAsync(bytes, cancellationToken).ConfigureAwait(false);
        await Engine.UploadLimit.WaitAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public void SetRateLimits(long downloadBytesPerSecond, long uploadBytesPerSecond)
    {
        _downloadLimit.Rate = downloadBytesPerSecond;
        _uploadLimit.Rate = uploadBytesPerSecond;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _lifecycle.Dispose();
    }

    private void SetState(TorrentState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        RaiseProgress();
    }

    private void RaiseProgress() => ProgressChanged?.Invoke(this, Progress);
}
