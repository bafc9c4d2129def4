namespace Publisher.Torrent;

/// <content>The engine-wide connection limit.</content>
public static partial class ProtocolLimits
{
    /// <summary>The most peer connections one engine keeps open over all its torrents by default.</summary>
    public const int DefaultMaxConnectionsPerEngine = 500;
}
