using System.Net;
using System.Net.Sockets;
using Publisher.Torrent.Engine;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Wire;
using Publisher.Torrent.Tests.Wire;

namespace Publisher.Torrent.Tests.Engine;

/// <summary>
/// A peer on loopback that holds a real v2 torrent's piece layers but answers every hash request with the right
/// hashes mutated (one byte flipped), so a fetcher that trusts it would build a wrong piece layer. It offers no
/// extension protocol (so no metadata) and never serves blocks.
/// </summary>
internal sealed class HostileHashPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TorrentSession _honest;
    private readonly Task _accept;
    private int _answered;

    /// <param name="honest">A seeding session of the same torrent whose answers are mutated.</param>
    public HostileHashPeer(TorrentSession honest)
    {
        _honest = honest;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Mutated hashes messages sent.</summary>
    public int Answered => Volatile.Read(ref _answered);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var connection = PeerConnection.FromSocket(socket, null, TimeProvider.System);
        var remote = await connection.ReceiveHandshakeAsync(_stop.Token);
        if (remote is null)
        {
            return;
        }

        var peerId = new byte[20];
        peerId[0] = (byte)'X';
        await connection.SendHandshakeAsync(new PeerHandshake(PeerCapabilities.Fast, remote.InfoHash.Span, peerId), _stop.Token);
        connection.PieceCount = _honest.Layout.PieceCount;
        await connection.SendHaveAllAsync(true, _stop.Token);
        var handler = new RecordingHandler
        {
            OnMessageCallback = (peer, message) =>
            {
                if (message.Kind != PeerMessageKind.HashRequest || !HashRequest.TryRead(message.Payload, out var request))
                {
                    return;
                }

                var root = new byte[32];
                HashRequest.CopyRoot(message.Payload, root);
                request = request with { PiecesRoot = root };
                if (_honest.AnswerHashRequest(request) is { } hashes)
                {
                    hashes[hashes.Length / 2] ^= 1;
                    Interlocked.Increment(ref _answered);
                    _ = peer.SendHashesAsync(request, hashes, _stop.Token).AsTask();
                }
            },
        };

        try
        {
            await connection.RunAsync(handler, _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
