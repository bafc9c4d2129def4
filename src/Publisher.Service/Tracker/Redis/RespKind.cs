namespace Publisher.Service.Tracker.Redis;

/// <summary>The RESP2 reply types.</summary>
internal enum RespKind
{
    SimpleString = 0,
    Error = 1,
    Integer = 2,
    BulkString = 3,
    Array = 4,

    /// <summary>A null bulk string (<c>$-1</c>) or null array (<c>*-1</c>).</summary>
    Null = 5,
}
