using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Engine;

/// <summary>A torrent added to a <see cref="TorrentEngine"/>: control, progress and statistics.</summary>
public sealed class TorrentHandle
{
    internal TorrentHandle(TorrentSession session)
    {
        Session = session;
        session.ProgressChanged += (_, progress) => ProgressChanged?.Invoke(this, progress);
    }

    /// <summary>Raised about once a second while the torrent runs, and on every state change (from engine threads).</summary>
    public event EventHandler<TorrentProgress>? ProgressChanged;

    /// <summary>The torrent's metadata.</summary>
    public TorrentInfo Torrent => Session.Torrent;

    /// <summary>The folder the torrent's files are below.</summary>
    public string SaveDirectory => Session.SaveDirectory;

    /// <summary>The current state.</summary>
    public TorrentState State => Session.State;

    /// <summary>What stopped the torrent when <see cref="State"/> is <see cref="TorrentState.Error"/>.</summary>
    public Exception? Error => Session.Error;

    /// <summary>A snapshot of progress and transfer totals now.</summary>
    public TorrentProgress Progress => Session.Progress;

    /// <summary>Bytes transferred by source and direction.</summary>
    public TransferStatistics Statistics => Session.Statistics;

    /// <summary>Where the resume file is written.</summary>
    public string ResumeFilePath => Session.ResumePath;

    internal TorrentSession Session { get; }

    /// <summary>Starts (checking data on disk first) or resumes a paused torrent; does nothing when it already runs.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Session.StartAsync(cancellationToken);

    /// <summary>Closes every connection, flushes the files and saves resume data.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Session.StopAsync(cancellationToken);

    /// <summary>Keeps connections but neither requests nor serves blocks until <see cref="StartAsync"/>.</summary>
    public Task PauseAsync(CancellationToken cancellationToken) => Session.PauseAsync(cancellationToken);

    /// <summary>Adds a peer to connect to (LAN peers, tests); it is dialled while the torrent runs.</summary>
    public void AddPeer(IPEndPoint endPoint) => Session.AddPeer(endPoint);

    /// <summary>
    /// Pick pieces in index order instead of rarest-first (streaming); can be switched while the torrent runs.
    /// </summary>
    public bool Sequential
    {
        get => Session.Picker.Sequential;
        set => Session.Picker.Sequential = value;
    }

    /// <summary>The priority of each entry of <see cref="TorrentInfo.Files"/> (all <see cref="FilePriority.Normal"/> until set).</summary>
    public IReadOnlyList<FilePriority> FilePriorities => Session.FilePriorities;

    /// <summary>
    /// Sets one priority per entry of <see cref="TorrentInfo.Files"/> (pad files included, their value ignored).
    /// Skipped files are not downloaded beyond pieces they share with wanted files; the torrent completes (state
    /// <see cref="TorrentState.Seeding"/>) once every wanted piece is verified, and downloads again when a priority
    /// is raised later.
    /// </summary>
    /// <exception cref="ArgumentException">Not one priority per file.</exception>
    public void SetFilePriorities(IReadOnlyList<FilePriority> priorities) => Session.SetFilePriorities(priorities);

    /// <summary>Sets the priority of file <paramref name="file"/> (an index into <see cref="TorrentInfo.Files"/>).</summary>
    public void SetFilePriority(int file, FilePriority priority)
    {
        var priorities = Session.FilePriorities;
        ArgumentOutOfRangeException.ThrowIfNegative(file);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(file, priorities.Length);
        priorities[file] = priority;
        Session.SetFilePriorities(priorities);
    }

    /// <summary>
    /// Deadline mode (streaming): <paramref name="piece"/> is requested before every piece without a deadline,
    /// earliest deadline first (a piece only skipped files cover is not fetched).
    /// </summary>
    public void SetPieceDeadline(int piece, TimeSpan within) => Session.SetPieceDeadline(piece, within);

    /// <summary>Drops the deadline of <paramref name="piece"/>.</summary>
    public void ClearPieceDeadline(int piece) => Session.ClearPieceDeadline(piece);

    /// <summary>The peers connected now, with the bytes exchanged on each connection.</summary>
    public IReadOnlyList<PeerStatistics> GetPeers() => Session.GetPeers();

    /// <summary>Changes this torrent's rate limits (bytes per second, 0 unlimited).</summary>
    public void SetRateLimits(long maxDownloadBytesPerSecond, long maxUploadBytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDownloadBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(maxUploadBytesPerSecond);
        Session.SetRateLimits(maxDownloadBytesPerSecond, maxUploadBytesPerSecond);
    }

    /// <summary>Adds bytes another source (a web seed) delivered to the statistics.</summary>
    public void RecordDownloaded(TransferSource source, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Session.AddDownloaded(source, bytes);
    }

    /// <summary>Completes when every wanted piece is verified on disk; throws when the torrent fails (e.g. a disk error).</summary>
    public Task WaitForCompletionAsync(CancellationToken cancellationToken) => Session.Completion.WaitAsync(cancellationToken);

    /// <summary>Progress snapshots as they are raised (the latest wins when the reader is slow), until cancelled.</summary>
    public async IAsyncEnumerable<TorrentProgress> WatchProgressAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<TorrentProgress>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        void OnProgress(object? sender, TorrentProgress progress) => channel.Writer.TryWrite(progress);
        ProgressChanged += OnProgress;
        try
        {
            channel.Writer.TryWrite(Progress);
            while (true)
            {
                TorrentProgress next;
                try
                {
                    next = await channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                yield return next;
            }
        }
        finally
        {
            ProgressChanged -= OnProgress;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Torrent.Name}: {State}";
}
