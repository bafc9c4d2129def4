namespace Publisher.Torrent.Wire;

/// <summary>BEP 9 <c>msg_type</c>.</summary>
internal enum UtMetadataMessageType
{
    Request = 0,
    Data = 1,
    Reject = 2,
}
