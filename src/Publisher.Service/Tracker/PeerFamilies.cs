namespace Publisher.Service.Tracker;

/// <summary>Which address families an answer may carry.</summary>
[Flags]
internal enum PeerFamilies
{
    IPv4 = 1,
    IPv6 = 2,
    Both = IPv4 | IPv6,
}
