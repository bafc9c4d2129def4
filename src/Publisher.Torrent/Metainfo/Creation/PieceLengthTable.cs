using System.Numerics;

namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>
/// The automatic piece length: the smallest power of two that keeps the piece count at or below
/// <see cref="ProtocolLimits.CreationTargetPieceCount"/> (so between 1000 and 2000 pieces), clamped to
/// 16 KiB .. 16 MiB. Small pieces keep swarms fine-grained; the cap keeps v1 metadata small.
/// </summary>
public static class PieceLengthTable
{
    /// <summary>Returns the piece length used for <paramref name="totalBytes"/> of data.</summary>
    /// <param name="totalBytes">The size of all files together (without padding).</param>
    public static int Choose(long totalBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalBytes);
        var perPiece = (totalBytes + ProtocolLimits.CreationTargetPieceCount - 1) / ProtocolLimits.CreationTargetPieceCount;
        if (perPiece <= ProtocolLimits.CreationMinPieceLength)
        {
            return ProtocolLimits.CreationMinPieceLength;
        }

        if (perPiece >= ProtocolLimits.CreationMaxAutomaticPieceLength)
        {
            return ProtocolLimits.CreationMaxAutomaticPieceLength;
        }

        return (int)BitOperations.RoundUpToPowerOf2((ulong)perPiece);
    }

    /// <summary>True when <paramref name="pieceLength"/> is a power of two the builder accepts.</summary>
    public static bool IsValid(long pieceLength) =>
        pieceLength >= ProtocolLimits.CreationMinPieceLength
        && pieceLength <= ProtocolLimits.CreationMaxPieceLength
        && BitOperations.IsPow2(pieceLength);
}
