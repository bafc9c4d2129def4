namespace Publisher.Torrent.Storage;

/// <summary>What verification found for one file.</summary>
public enum FileVerificationStatus
{
    /// <summary>Present, the right size, and every piece it touches matches its hash.</summary>
    Ok,

    /// <summary>Not on disk.</summary>
    Missing,

    /// <summary>On disk with a different size (shorter files also fail every piece they should fill).</summary>
    WrongSize,

    /// <summary>At least one piece the file takes part in does not match its hash.</summary>
    Corrupt,

    /// <summary>On disk but could not be read (permissions, I/O error).</summary>
    Unreadable,
}
