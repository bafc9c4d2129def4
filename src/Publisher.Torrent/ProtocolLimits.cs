namespace Publisher.Torrent;

/// <summary>
/// Every limit applied to bytes that come from outside (torrent files, peers, trackers, web seeds),
/// in one place. Each area adds its limits in a partial file named <c>ProtocolLimits.Area.cs</c>.
/// Lengths read from input are checked against these before anything is allocated.
/// </summary>
public static partial class ProtocolLimits
{
}
