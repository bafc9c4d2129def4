using Publisher.TestSupport;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Storage;
using Xunit;

namespace Publisher.Torrent.Tests.Storage;

/// <summary>The chunked check the write path uses gives the same answers as the whole-piece check, for v1 and pure v2.</summary>
public sealed class PieceHashCheckerChunkTests
{
    private const int PieceLength = 64 * 1024;
    private const int Chunk = ProtocolLimits.PieceBufferChunkLength / 4;

    [Theory]
    [InlineData(TorrentFormat.V1)]
    [InlineData(TorrentFormat.V2)]
    [InlineData(TorrentFormat.Hybrid)]
    public async Task Check_Chunks_MatchesTheWholePieceCheck(TorrentFormat format)
    {
        using var temp = new TempDirectory();
        temp.WriteRandomFile("t/a", (3 * PieceLength) + 12345, seed: 7);
        temp.WriteRandomFile("t/b", PieceLength / 3, seed: 8);
        var layout = await StorageTestTorrents.CreateAsync(Path.Combine(temp.Path, "t"), format, PieceLength, TestContext.Current.CancellationToken);
        using var reader = new PieceReader(layout, temp.Path);
        using var checker = new PieceHashChecker(layout);
        for (var piece = 0; piece < layout.PieceCount; piece++)
        {
            var size = layout.PieceSize(piece);
            var data = new byte[size];
            Assert.True(reader.Read((long)piece * PieceLength, data));
            var chunks = Split(data, Chunk);

            Assert.True(checker.Check(piece, data), $"piece {piece} of {layout.PieceCount}, size {size}, files {layout.Files.Count}");
            Assert.True(checker.Check(piece, chunks, Chunk, size));

            chunks[^1]![(size - 1) % Chunk] ^= 0x01;
            Assert.False(checker.Check(piece, chunks, Chunk, size));
        }
    }

    private static byte[]?[] Split(byte[] data, int chunk)
    {
        var chunks = new byte[]?[(data.Length + chunk - 1) / chunk];
        for (var i = 0; i < chunks.Length; i++)
        {
            // Chunks are whole buffers; only the piece's bytes at the front of the last one count.
            var length = Math.Min(chunk, data.Length - (i * chunk));
            chunks[i] = new byte[chunk];
            chunks[i].AsSpan(length).Fill(0xAB);
            data.AsSpan(i * chunk, length).CopyTo(chunks[i]);
        }

        return chunks;
    }
}
