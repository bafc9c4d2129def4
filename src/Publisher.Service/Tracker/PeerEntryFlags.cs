namespace Publisher.Service.Tracker;

/// <summary>Per-peer state bits of <see cref="PeerEntry"/>.</summary>
[Flags]
internal enum PeerEntryFlags : byte
{
    None = 0,
    Seeder = 1,

    /// <summary>This peer session's <c>completed</c> event has been counted.</summary>
    CompletionCounted = 2,
}
