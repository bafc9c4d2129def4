namespace Publisher.Service.Tracker;

/// <summary>Which announces the tracker accepts (configuration <c>Publisher:Tracker:Access</c>).</summary>
public enum TrackerAccessMode
{
    /// <summary>Any info hash is tracked (for example public Linux images).</summary>
    Open = 0,

    /// <summary>Only info hashes that <see cref="ITorrentRegistry"/> reports as published releases (the default).</summary>
    Registered = 1,

    /// <summary>Published releases only, and every announce must carry a valid download token.</summary>
    Entitled = 2,
}
