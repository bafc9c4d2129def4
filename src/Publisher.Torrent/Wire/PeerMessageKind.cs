namespace Publisher.Torrent.Wire;

/// <summary>What a parsed <see cref="PeerMessage"/> is: the wire ids plus keep-alive and unknown ids.</summary>
internal enum PeerMessageKind
{
    KeepAlive = -1,
    Unknown = -2,
    Choke = PeerMessageId.Choke,
    Unchoke = PeerMessageId.Unchoke,
    Interested = PeerMessageId.Interested,
    NotInterested = PeerMessageId.NotInterested,
    Have = PeerMessageId.Have,
    Bitfield = PeerMessageId.Bitfield,
    Request = PeerMessageId.Request,
    Piece = PeerMessageId.Piece,
    Cancel = PeerMessageId.Cancel,
    Port = PeerMessageId.Port,
    Suggest = PeerMessageId.Suggest,
    HaveAll = PeerMessageId.HaveAll,
    HaveNone = PeerMessageId.HaveNone,
    RejectRequest = PeerMessageId.RejectRequest,
    AllowedFast = PeerMessageId.AllowedFast,
    Extended = PeerMessageId.Extended,
    HashRequest = PeerMessageId.HashRequest,
    Hashes = PeerMessageId.Hashes,
    HashReject = PeerMessageId.HashReject,
}
