namespace Publisher.Service.Tracker;

/// <summary>The <c>event</c> of an announce (values as in BEP 15).</summary>
internal enum AnnounceEvent
{
    None = 0,
    Completed = 1,
    Started = 2,
    Stopped = 3,
}
