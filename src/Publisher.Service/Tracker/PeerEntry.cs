namespace Publisher.Service.Tracker;

/// <summary>
/// One peer in the in-memory store: 43 bytes of fields, 48 with alignment. The address is an IPv6 (or IPv4-mapped)
/// address in two words; <see cref="Uploaded"/>/<see cref="Downloaded"/> are the last reported totals, the
/// baseline for the next delta.
/// </summary>
internal struct PeerEntry
{
    public ulong AddressHigh;
    public ulong AddressLow;
    public long Uploaded;
    public long Downloaded;
    public uint LastSeen;
    public uint Key;
    public ushort Port;
    public PeerEntryFlags Flags;

    public readonly bool IsSeeder => (Flags & PeerEntryFlags.Seeder) != 0;

    public readonly bool Matches(in PeerEndpoint endpoint)
        => AddressLow == endpoint.Low && AddressHigh == endpoint.High && Port == endpoint.Port;

    public readonly int Hash() => HashCode.Combine(AddressHigh, AddressLow, Port);
}
