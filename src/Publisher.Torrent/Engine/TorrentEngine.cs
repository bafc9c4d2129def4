using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Trackers;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <summary>
/// Hosts many torrents on one listening TCP port: incoming connections are routed to a torrent by the info hash in
/// their handshake (v1, or the truncated v2 hash of a hybrid or v2 torrent). Usable without dependency injection:
/// <c>await using var engine = new TorrentEngine(new EngineOptions());</c>. Disposing stops every torrent, flushes
/// its files and saves its resume data.
/// </summary>
public sealed partial class TorrentEngine : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<InfoHash, TorrentSession> _byHash = [];
    private readonly List<TorrentHandle> _torrents = [];
    private readonly TrackerClient _trackerClient = new();
    private readonly Task _acceptLoop;
    private readonly byte[] _peerId;
    private int _pendingHandshakes;
    private int _connections;
    private bool _disposed;

    /// <summary>Starts listening on <see cref="EngineOptions.ListenEndPoint"/>.</summary>
    /// <param name="options">Settings (defaults when null).</param>
    /// <exception cref="SocketException">The listen address is in use or not local.</exception>
    public TorrentEngine(EngineOptions? options = null)
    {
        Options = options ?? new EngineOptions();
        Options.Validate();
        _peerId = new byte[PeerHandshake.IdLength];
        Encoding.ASCII.GetBytes(Options.PeerIdPrefix, _peerId);
        RandomNumberGenerator.Fill(_peerId.AsSpan(Options.PeerIdPrefix.Length));
        DownloadLimit = new TokenBucket(Options.MaxDownloadBytesPerSecond, Options.TimeProvider);
        UploadLimit = new TokenBucket(Options.MaxUploadBytesPerSecond, Options.TimeProvider);
        _listener = new Socket(Options.ListenEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(Options.ListenEndPoint);
            _listener.Listen(128);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync(_lifetime.Token);
    }

    /// <summary>The settings the engine runs with.</summary>
    public EngineOptions Options { get; }

    /// <summary>The address and port peers connect to (the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The torrents added and not removed.</summary>
    public IReadOnlyList<TorrentHandle> Torrents
    {
        get
        {
            lock (_gate)
            {
                return [.. _torrents];
            }
        }
    }

    /// <summary>Our 20-byte peer id.</summary>
    internal ReadOnlyMemory<byte> PeerId => _peerId;

    internal TokenBucket DownloadLimit { get; }

    internal TokenBucket UploadLimit { get; }

    internal ITrackerClient TrackerClient => _trackerClient;

    internal PeerConnectionOptions ConnectionOptions { get; init; } = new();

    /// <summary>Peer connections open or being dialled over all torrents (bounded by <see cref="EngineOptions.MaxConnections"/>).</summary>
    internal int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Takes one of the engine's connection slots; false at <see cref="EngineOptions.MaxConnections"/>.</summary>
    internal bool TryReserveConnection()
    {
        if (Interlocked.Increment(ref _connections) <= Options.MaxConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref _connections);
        return false;
    }

    /// <summary>Gives back a slot taken by <see cref="TryReserveConnection"/>.</summary>
    internal void ReleaseConnection() => Interlocked.Decrement(ref _connections);

    /// <summary>
    /// Adds a torrent whose files are (or will be) below <paramref name="saveDirectory"/> (a multi-file torrent in a
    /// folder named after it). With <see cref="TorrentOptions.AutoStart"/> (the default) it starts at once: existing
    /// data is checked (see <see cref="TorrentOptions.TrustedSeed"/>), then missing pieces are downloaded.
    /// </summary>
    /// <exception cref="InvalidOperationException">The torrent is already added.</exception>
    public async Task<TorrentHandle> AddAsync(TorrentInfo torrent, string saveDirectory, TorrentOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        ArgumentException.ThrowIfNullOrEmpty(saveDirectory);
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= new TorrentOptions();
        options.Validate();
        var session = new TorrentSession(this, torrent, saveDirectory, options);
        if (options.FilePriorities is { } priorities)
        {
            session.SetFilePriorities(priorities);
        }

        session.Picker.Sequential = options.Sequential;
        var handle = new TorrentHandle(session);
        lock (_gate)
        {
            var keys = KeysOf(torrent.InfoHashes);
            foreach (var key in keys)
            {
                if (_byHash.ContainsKey(key))
                {
                    throw new InvalidOperationException($"The torrent {torrent.InfoHashes} is already added.");
                }
            }

            foreach (var key in keys)
            {
                _byHash.Add(key, session);
            }

            _torrents.Add(handle);
        }

        if (options.AutoStart)
        {
            await session.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        return handle;
    }

    /// <summary>
    /// Adds a torrent known only by its magnet link: the info dictionary is fetched from peers first (BEP 9; the
    /// link's <c>x.pe</c> peers and <see cref="TorrentOptions.InitialPeers"/>), verified against the info hash, and
    /// then the torrent is added as by the other overload. Completes once the metadata is here. For a pure v2
    /// torrent the piece layers are fetched from the same peers too (BEP 52 hash requests, each run proven against
    /// its file's pieces root) before the torrent is added.
    /// </summary>
    /// <exception cref="InvalidTorrentException">The fetched info dictionary is malformed.</exception>
    public async Task<TorrentHandle> AddAsync(MagnetLink magnet, string saveDirectory, TorrentOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(magnet);
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= new TorrentOptions();
        options.Validate();
        var peers = new List<IPEndPoint>(options.InitialPeers);
        foreach (var peer in magnet.Peers)
        {
            if (peer is IPEndPoint endPoint)
            {
                peers.Add(endPoint);
            }
        }

        var fetcher = new MetadataFetcher(this, magnet);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var info = await fetcher.FetchAsync(() => peers, linked.Token).ConfigureAwait(false);
        var metadata = new TorrentMetadata { Trackers = magnet.Trackers.Count == 0 ? [] : [magnet.Trackers], WebSeeds = magnet.WebSeeds };
        var torrent = TorrentInfo.FromInfoBytes(info, metadata);
        var layers = torrent.Version == TorrentVersion.V2 ? new PieceLayerFetcher(this, torrent) : null;
        if (layers is { IsNeeded: true })
        {
            torrent = TorrentInfo.Create(info, metadata, await layers.FetchAsync(() => peers, linked.Token).ConfigureAwait(false));
        }

        return await AddAsync(torrent, saveDirectory, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops a torrent (saving its resume data) and forgets it; its files stay.</summary>
    public async Task RemoveAsync(TorrentHandle torrent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        lock (_gate)
        {
            if (!_torrents.Remove(torrent))
            {
                return;
            }

            foreach (var key in KeysOf(torrent.Session.Torrent.InfoHashes))
            {
                _byHash.Remove(key);
            }
        }

        await torrent.Session.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops listening, stops every torrent, flushes files and saves resume data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        foreach (var torrent in Torrents)
        {
            await torrent.Session.DisposeAsync().ConfigureAwait(false);
        }

        _trackerClient.Dispose();
        _lifetime.Dispose();
    }

    internal PeerHandshake CreateHandshake(ReadOnlySpan<byte> infoHash) =>
        new(PeerCapabilities.Fast | PeerCapabilities.Extensions, infoHash[..PeerHandshake.IdLength], _peerId);

    private static InfoHash[] KeysOf(InfoHashes hashes) =>
        hashes.V1 is { } v1 && hashes.V2 is { } v2 ? [v1, v2.Truncate()] : [hashes.Primary];

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (Interlocked.Increment(ref _pendingHandshakes) > ProtocolLimits.MaxPendingHandshakes)
            {
                Interlocked.Decrement(ref _pendingHandshakes);
                socket.Dispose();
                continue;
            }

            _ = HandleIncomingAsync(socket, cancellationToken);
        }
    }

    private async Task HandleIncomingAsync(Socket socket, CancellationToken cancellationToken)
    {
        PeerConnection? connection = null;
        try
        {
            connection = PeerConnection.FromSocket(socket, ConnectionOptions, Options.TimeProvider);
            PeerHandshake? remote;
            try
            {
                remote = await connection.ReceiveHandshakeAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _pendingHandshakes);
            }

            TorrentSession? session = null;
            if (remote is not null)
            {
                lock (_gate)
                {
                    _byHash.TryGetValue(new InfoHash(remote.InfoHash.Span), out session);
                }
            }

            if (session is null)
            {
                return;
            }

            var owned = connection;
            connection = null;
            await session.AcceptAsync(owned, remote!.InfoHash, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // A peer that goes away during the handshake is no concern of the engine.
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
