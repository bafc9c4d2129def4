using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Wire;

/// <summary>
/// One peer wire connection over System.IO.Pipelines: handshake with a timeout, a read loop that parses messages
/// in place and hands them to an <see cref="IPeerMessageHandler"/> without allocating, writes that wait for the
/// transport (backpressure), keep-alives and idle/stale-request timeouts on an injected <see cref="TimeProvider"/>,
/// and a request pipeline whose depth follows the measured download rate. Bytes from the peer are untrusted: every
/// length is checked by <see cref="MessageParser"/> before it is buffered, and any violation closes the connection.
/// </summary>
internal sealed partial class PeerConnection : IAsyncDisposable
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IDisposable? _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PeerConnectionOptions _options;
    private readonly MessageParser _parser = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _stateLock = new();
    private PeerCloseInfo _closeInfo;
    private long _lastReceived;
    private long _lastSent;
    private Task<PeerCloseInfo>? _runTask;

    /// <summary>Creates a connection over an existing pair of pipes; <paramref name="transport"/> (if any) is disposed on close.</summary>
    public PeerConnection(PipeReader input, PipeWriter output, EndPoint? remoteEndPoint, PeerConnectionOptions? options = null, TimeProvider? time = null, IDisposable? transport = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        _input = input;
        _output = output;
        _transport = transport;
        _options = options ?? new PeerConnectionOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        RemoteEndPoint = remoteEndPoint;
        var now = _time.GetTimestamp();
        _lastReceived = now;
        _lastSent = now;
        _lastProgress = now;
        DownloadRate = new RateMeter(now);
        UploadRate = new RateMeter(now);
        _outstanding = new OutstandingRequests(_options.MaxRequestDepth);
        _requestScratch = new BlockRequest[_options.MaxRequestDepth];
    }

    /// <summary>The peer's address, when known.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The peer's handshake once received.</summary>
    public PeerHandshake? RemoteHandshake { get; private set; }

    /// <summary>True when both sides support BEP 6 (decided by the handshake).</summary>
    public bool FastExtension => _parser.FastExtension;

    /// <summary>True when both sides support BEP 10 (decided by the handshake).</summary>
    public bool ExtensionProtocol => _parser.ExtensionProtocol;

    /// <summary>The torrent's piece count, or -1 while the metadata is unknown; bounds indices and bitfields.</summary>
    public int PieceCount
    {
        get => _parser.PieceCount;
        set => _parser.PieceCount = value;
    }

    /// <summary>True while the peer chokes us (the initial state).</summary>
    public bool PeerChoking { get; private set; } = true;

    /// <summary>True while the peer is interested in us.</summary>
    public bool PeerInterested { get; private set; }

    /// <summary>True while we choke the peer (updated when we send choke/unchoke).</summary>
    public bool AmChoking { get; private set; } = true;

    /// <summary>True while we are interested in the peer (updated when we send interested/not interested).</summary>
    public bool AmInterested { get; private set; }

    /// <summary>Piece payload bytes received from this peer.</summary>
    public RateMeter DownloadRate { get; }

    /// <summary>Piece payload bytes sent to this peer.</summary>
    public RateMeter UploadRate { get; }

    /// <summary>How the connection ended, or <see cref="PeerCloseReason.None"/> while open.</summary>
    public PeerCloseInfo CloseInfo
    {
        get
        {
            lock (_stateLock)
            {
                return _closeInfo;
            }
        }
    }

    /// <summary>True once the connection is closed.</summary>
    public bool IsClosed => CloseInfo.Reason != PeerCloseReason.None;

    /// <summary>Free for the engine to attach its per-peer state.</summary>
    public object? Tag { get; set; }

    /// <summary>Connects to <paramref name="endPoint"/> over TCP (with Nagle off) and wraps the socket.</summary>
    public static Task<PeerConnection> ConnectAsync(IPEndPoint endPoint, PeerConnectionOptions? options, TimeProvider? time, CancellationToken cancellationToken) =>
        ConnectAsync(endPoint, options, time, logger: null, cancellationToken);

    /// <summary>Connects to <paramref name="endPoint"/> (within the handshake timeout) and wraps the socket; the connection logs to <paramref name="logger"/>.</summary>
    public static async Task<PeerConnection> ConnectAsync(IPEndPoint endPoint, PeerConnectionOptions? options, TimeProvider? time, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var effective = options ?? new PeerConnectionOptions();
            using var timeout = new CancellationTokenSource(effective.HandshakeTimeout, time ?? TimeProvider.System);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await socket.ConnectAsync(endPoint, linked.Token);
            return FromSocket(socket, effective, time, logger);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a connected (or accepted) socket; the connection owns it from now on.</summary>
    public static PeerConnection FromSocket(Socket socket, PeerConnectionOptions? options, TimeProvider? time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.NoDelay = true;
        var effective = options ?? new PeerConnectionOptions();
        var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 32 * 1024, leaveOpen: true));
        return new PeerConnection(input, output, socket.RemoteEndPoint, effective, time, stream, logger);
    }

    /// <summary>Closes the connection (idempotent); the first reason given is kept.</summary>
    public void Close(PeerCloseReason reason, WireViolation violation = WireViolation.None, string? message = null)
    {
        lock (_stateLock)
        {
            if (_closeInfo.Reason != PeerCloseReason.None)
            {
                return;
            }

            _closeInfo = new PeerCloseInfo(reason, violation, message);
        }

        if (violation != WireViolation.None)
        {
            Log.Violation(_logger, RemoteEndPoint, violation, message);
        }
        else
        {
            Log.Closed(_logger, RemoteEndPoint, reason, message);
        }

        _lifetime.Cancel();
        _input.CancelPendingRead();
        _transport?.Dispose();
    }

    /// <summary>Closes the connection and releases its buffers.</summary>
    public async ValueTask DisposeAsync()
    {
        Close(PeerCloseReason.Local, message: "disposed");
        if (_runTask is not null)
        {
            try
            {
                await _runTask;
            }
            catch (Exception) when (IsClosed)
            {
                // The run loop's own failure was reported to its awaiter.
            }
        }

        await _input.CompleteAsync();
        await _writeGate.WaitAsync(CancellationToken.None);
        try
        {
            // The transport is already gone (Close disposed it): unsent bytes are dropped, not flushed.
            await _output.CompleteAsync();
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            // Nothing to deliver them to.
        }
        finally
        {
            _writeGate.Release();
        }

        _lifetime.Dispose();
    }

    private bool Violate(WireViolation violation, string message)
    {
        Close(PeerCloseReason.ProtocolViolation, violation, message);
        return false;
    }
}
