using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Publisher.TestSupport;
using Publisher.Torrent.Pieces;
using Publisher.Torrent.Storage;
using Xunit;

namespace Publisher.Torrent.Tests.Storage;

public sealed class PieceWriterTests
{
    private const int PieceLength = 256 * 1024;
    private const int Block = ProtocolLimits.BlockLength;

    [Fact]
    public async Task AddBlock_BlocksOutOfOrder_WritesTheVerifiedPiece()
    {
        using var temp = new TempDirectory();
        var payload = Payload(3 * PieceLength + 5000, seed: 1);
        var (layout, files) = Create(temp, payload);
        using var events = new RecordingEvents();
        await using (var writer = new PieceWriter(layout, files, events))
        {
            for (var piece = 0; piece < layout.PieceCount; piece++)
            {
                var size = layout.PieceSize(piece);
                for (var begin = ((size - 1) / Block) * Block; begin >= 0; begin -= Block)
                {
                    Add(writer, payload, piece, begin, Math.Min(Block, size - begin));
                }
            }

            await writer.DrainAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, writer.BufferedBytes);
        }

        files.Dispose();
        Assert.Equal([0, 1, 2, 3], events.Verified.Order());
        Assert.Empty(events.Failed);
        Assert.Equal(payload, await File.ReadAllBytesAsync(Path.Combine(temp.Path, "t", "a"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddBlock_CorruptBlock_ReportsContributorsAndWritesNothing()
    {
        using var temp = new TempDirectory();
        var payload = Payload(PieceLength, seed: 2);
        var (layout, files) = Create(temp, payload);
        files.Preallocate();
        using var events = new RecordingEvents();
        var honest = new object();
        var liar = new object();
        await using (var writer = new PieceWriter(layout, files, events))
        {
            for (var begin = 0; begin < PieceLength; begin += Block)
            {
                var data = payload.AsSpan(begin, Block).ToArray();
                if (begin == 5 * Block)
                {
                    data[7] ^= 0xFF;
                }

                writer.AddBlock(new BlockRequest(0, begin, Block), new ReadOnlySequence<byte>(data), begin == 5 * Block ? liar : honest);
            }

            await writer.DrainAsync(TestContext.Current.CancellationToken);
        }

        files.Dispose();
        Assert.Empty(events.Verified);
        var (piece, contributors) = Assert.Single(events.Failed);
        Assert.Equal(0, piece);
        Assert.Equal(2, contributors.Count);
        Assert.Contains(liar, contributors);
        Assert.Equal(new byte[PieceLength], await File.ReadAllBytesAsync(Path.Combine(temp.Path, "t", "a"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddBlock_ManyPiecesOneAfterAnother_ReusesTheSameChunks()
    {
        using var temp = new TempDirectory();
        var payload = Payload(40 * PieceLength, seed: 3);
        var (layout, files) = Create(temp, payload);
        using var events = new RecordingEvents();
        await using (var writer = new PieceWriter(layout, files, events))
        {
            for (var piece = 0; piece < layout.PieceCount; piece++)
            {
                for (var begin = 0; begin < PieceLength; begin += Block)
                {
                    Add(writer, payload, piece, begin, Block);
                }

                await writer.DrainAsync(TestContext.Current.CancellationToken);
            }

            // One piece's worth of chunks served all forty pieces: nothing is dropped for the GC per piece.
            Assert.Equal(PieceLength / ProtocolLimits.PieceBufferChunkLength, writer.AllocatedChunks);
        }

        files.Dispose();
        Assert.Equal(40, events.Verified.Count);
    }

    [Fact]
    public async Task IsBacklogged_WorkerStalled_TurnsOnAtTheByteLimitAndOffWhenDrained()
    {
        using var temp = new TempDirectory();
        var pieces = (ProtocolLimits.MaxBufferedPieceBytes / PieceLength) + 2;
        var payload = Payload(pieces * PieceLength, seed: 4);
        var (layout, files) = Create(temp, payload);
        using var events = new RecordingEvents();
        events.Gate.Reset();
        await using (var writer = new PieceWriter(layout, files, events))
        {
            var piece = 0;
            while (!writer.IsBacklogged && piece < pieces)
            {
                for (var begin = 0; begin < PieceLength; begin += Block)
                {
                    Add(writer, payload, piece, begin, Block);
                }

                piece++;
            }

            Assert.True(writer.IsBacklogged);
            Assert.Equal(ProtocolLimits.MaxBufferedPieceBytes, writer.BufferedBytes);
            Assert.Equal(ProtocolLimits.MaxBufferedPieceBytes / PieceLength, piece);

            events.Gate.Set();
            await writer.DrainAsync(TestContext.Current.CancellationToken);
            Assert.False(writer.IsBacklogged);
            Assert.Equal(0, writer.BufferedBytes);
        }

        files.Dispose();
    }

    private static void Add(PieceWriter writer, byte[] payload, int piece, int begin, int length) =>
        writer.AddBlock(new BlockRequest(piece, begin, length), new ReadOnlySequence<byte>(payload, (piece * PieceLength) + begin, length), "peer");

    private static byte[] Payload(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static (StorageLayout Layout, FileHandleCache Files) Create(TempDirectory temp, byte[] payload)
    {
        var count = (payload.Length + PieceLength - 1) / PieceLength;
        var hashes = new byte[count * 20];
        for (var piece = 0; piece < count; piece++)
        {
            var start = piece * PieceLength;
            SHA1.HashData(payload.AsSpan(start, Math.Min(PieceLength, payload.Length - start)), hashes.AsSpan(piece * 20, 20));
        }

        var layout = new StorageLayout([new StorageFile(["t", "a"], payload.Length, false, default, default)], PieceLength, hashes, hasV2: false);
        return (layout, new FileHandleCache(layout, temp.Path));
    }

    private sealed class RecordingEvents : IPieceWriterEvents, IDisposable
    {
        public ManualResetEventSlim Gate { get; } = new(initialState: true);

        public ConcurrentQueue<int> Verified { get; } = new();

        public ConcurrentQueue<(int Piece, List<object> Contributors)> Failed { get; } = new();

        public void OnPieceVerified(int piece)
        {
            Gate.Wait(TimeSpan.FromSeconds(30));
            Verified.Enqueue(piece);
        }

        public void OnPieceFailed(int piece, IReadOnlyList<object> contributors) => Failed.Enqueue((piece, [.. contributors]));

        public void OnDiskError(Exception error) => throw new InvalidOperationException("Unexpected disk error.", error);

        public void Dispose() => Gate.Dispose();
    }
}
