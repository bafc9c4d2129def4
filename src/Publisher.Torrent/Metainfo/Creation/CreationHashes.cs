namespace Publisher.Torrent.Metainfo.Creation;

/// <summary>Everything hashing produced for a <see cref="CreationLayout"/>.</summary>
internal sealed class CreationHashes
{
    public CreationHashes(CreationLayout layout)
    {
        if (layout.HasV1)
        {
            V1Pieces = new byte[checked(layout.PieceCount * 20)];
        }

        if (layout.HasV2)
        {
            PieceHashes = new byte[checked(layout.PieceCount * MerkleTree.HashSize)];
            FileRoots = new byte[layout.Files.Length][];
            PieceLayers = new byte[layout.Files.Length][];
        }
    }

    /// <summary>v1: the SHA-1 of every piece, concatenated (the <c>pieces</c> string).</summary>
    public byte[]? V1Pieces { get; }

    /// <summary>
    /// v2: per piece of the stream, the merkle root of its blocks (the piece-layer hash), or for a file
    /// that fits in one piece, the file's pieces root.
    /// </summary>
    public byte[]? PieceHashes { get; }

    /// <summary>v2: each file's pieces root (null for an empty file).</summary>
    public byte[]?[]? FileRoots { get; }

    /// <summary>v2: each file's piece layer (null for files of one piece or less).</summary>
    public byte[]?[]? PieceLayers { get; }
}
