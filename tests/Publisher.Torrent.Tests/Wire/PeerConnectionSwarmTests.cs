using System.Buffers;
using System.Security.Cryptography;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

/// <summary>
/// The foundation put together the way the engine will: one leecher with a <see cref="PiecePicker"/> downloading
/// from two of our seeds over loopback, through endgame, verifying every piece.
/// </summary>
public sealed class PeerConnectionSwarmTests
{
    private const int PieceLength = 2 * ProtocolLimits.BlockLength;
    private static readonly byte[] InfoHash = Enumerable.Repeat((byte)7, 20).ToArray();

    [Fact]
    public async Task Leecher_TwoSeeds_DownloadsEveryPieceVerified()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = new byte[(40 * PieceLength) - 1000];
        new Random(11).NextBytes(data);
        var picker = new PiecePicker(data.Length, PieceLength, new PiecePickerOptions { RandomFirstPieces = 2 }, new Random(1));
        var leecher = new LeecherHandler(picker, data);
        var connections = new List<PeerConnection>();
        var runs = new List<Task<PeerCloseInfo>>();
        try
        {
            for (var s = 0; s < 2; s++)
            {
                var (clientSocket, serverSocket) = await LoopbackSockets.CreatePairAsync(ct);
                var client = PeerConnection.FromSocket(clientSocket, null, null);
                var server = PeerConnection.FromSocket(serverSocket, null, null);
                connections.Add(client);
                connections.Add(server);
                var handshake = client.HandshakeAsync(new PeerHandshake(PeerCapabilities.Fast, InfoHash, new byte[20]), default, ct).AsTask();
                Assert.NotNull(await server.ReceiveHandshakeAsync(ct));
                Assert.True(await server.SendHandshakeAsync(new PeerHandshake(PeerCapabilities.Fast, InfoHash, Enumerable.Repeat((byte)s, 20).ToArray()), ct));
                Assert.NotNull(await handshake);
                client.PieceCount = picker.PieceCount;
                server.PieceCount = picker.PieceCount;
                runs.Add(server.RunAsync(new SeedHandler(data), ct));
                runs.Add(client.RunAsync(leecher, ct));
                Assert.True(await server.SendHaveAllAsync(true, ct));
                Assert.True(await server.SendUnchokeAsync(ct));
            }

            await leecher.Completed.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Close(PeerCloseReason.Local);
            }

            await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(10), ct);
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        Assert.True(picker.IsComplete);
        Assert.Equal(data, leecher.Received);
        Assert.Equal(0, leecher.FailedPieces);
        Assert.True(leecher.EndgameSeen);
        Assert.All(runs, r => Assert.Equal(WireViolation.None, r.Result.Violation));
    }

    private sealed class SeedHandler(byte[] data) : IPeerMessageHandler
    {
        public void OnMessage(PeerConnection connection, in PeerMessage message)
        {
            if (message.Kind == PeerMessageKind.Request)
            {
                var block = new BlockRequest(message.Index, message.Begin, message.Length);
                var offset = (message.Index * PieceLength) + message.Begin;
                connection.SendPieceAsync(block, data.AsMemory(offset, message.Length), CancellationToken.None).AsTask().Ignore();
            }
        }

        public void OnBlockReceived(PeerConnection connection, BlockRequest block, in ReadOnlySequence<byte> data)
        {
        }

        public void OnRequestsAbandoned(PeerConnection connection, ReadOnlySpan<BlockRequest> requests)
        {
        }

        public int FillRequests(PeerConnection connection, Span<BlockRequest> destination) => 0;

        public void OnClosed(PeerConnection connection, PeerCloseInfo info)
        {
        }
    }

    private sealed class LeecherHandler(PiecePicker picker, byte[] expected) : IPeerMessageHandler
    {
        private readonly List<object> _cancel = [];
        private readonly Lock _gate = new();

        public byte[] Received { get; } = new byte[expected.Length];

        public int FailedPieces { get; private set; }

        public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnMessage(PeerConnection connection, in PeerMessage message)
        {
            if (message.Kind == PeerMessageKind.HaveAll)
            {
                picker.PeerHasAll();
                connection.SendInterestedAsync(true, CancellationToken.None).AsTask().Ignore();
            }
        }

        public void OnBlockReceived(PeerConnection connection, BlockRequest block, in ReadOnlySequence<byte> data)
        {
            lock (_gate)
            {
                _cancel.Clear();
                var receipt = picker.BlockReceived(block, connection, _cancel);
                if (receipt is BlockReceipt.Accepted or BlockReceipt.PieceComplete)
                {
                    data.CopyTo(Received.AsSpan((block.Piece * PieceLength) + block.Begin));
                }

                foreach (var other in _cancel)
                {
                    ((PeerConnection)other).CancelRequestAsync(block, CancellationToken.None).AsTask().Ignore();
                }

                if (receipt == BlockReceipt.PieceComplete)
                {
                    var length = picker.LengthOf(block.Piece);
                    var piece = Received.AsSpan(block.Piece * PieceLength, length);
                    if (SHA1.HashData(piece).AsSpan().SequenceEqual(SHA1.HashData(expected.AsSpan(block.Piece * PieceLength, length))))
                    {
                        picker.PieceVerified(block.Piece);
                    }
                    else
                    {
                        FailedPieces++;
                        picker.PieceFailed(block.Piece);
                    }

                    if (picker.IsComplete)
                    {
                        Completed.TrySetResult();
                    }
                }
            }
        }

        public void OnRequestsAbandoned(PeerConnection connection, ReadOnlySpan<BlockRequest> requests) => picker.RequestsAbandoned(requests, connection);

        public bool EndgameSeen { get; private set; }

        public int FillRequests(PeerConnection connection, Span<BlockRequest> destination)
        {
            EndgameSeen |= picker.IsEndgame;
            return picker.PickBlocks(connection, null, destination);
        }

        public void OnClosed(PeerConnection connection, PeerCloseInfo info)
        {
        }
    }
}
