namespace Publisher.Torrent.Pieces;

/// <summary>The state of one block of a piece being downloaded.</summary>
internal enum BlockState : byte
{
    None = 0,
    Requested = 1,
    Received = 2,
}
