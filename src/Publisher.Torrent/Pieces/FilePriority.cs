namespace Publisher.Torrent.Pieces;

/// <summary>How much a file (and so the pieces it covers) is wanted.</summary>
public enum FilePriority : byte
{
    /// <summary>Not downloaded (pieces shared with a wanted file are still fetched).</summary>
    Skip = 0,

    /// <summary>Downloaded in rarest-first order.</summary>
    Normal = 1,

    /// <summary>Downloaded before every normal piece.</summary>
    High = 2,
}
