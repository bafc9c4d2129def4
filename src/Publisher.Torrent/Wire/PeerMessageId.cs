namespace Publisher.Torrent.Wire;

/// <summary>The id byte of a peer wire message (BEP 3, 5, 6, 10, 52).</summary>
internal enum PeerMessageId : byte
{
    Choke = 0,
    Unchoke = 1,
    Interested = 2,
    NotInterested = 3,
    Have = 4,
    Bitfield = 5,
    Request = 6,
    Piece = 7,
    Cancel = 8,
    Port = 9,
    Suggest = 13,
    HaveAll = 14,
    HaveNone = 15,
    RejectRequest = 16,
    AllowedFast = 17,
    Extended = 20,
    HashRequest = 21,
    Hashes = 22,
    HashReject = 23,
}
