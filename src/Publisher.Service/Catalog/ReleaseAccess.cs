namespace Publisher.Service.Catalog;

/// <summary>Who may join a release's swarm through the tracker.</summary>
internal enum ReleaseAccess
{
    /// <summary>Anyone who has the torrent.</summary>
    Public,

    /// <summary>Only clients presenting a download token (when the tracker runs in <c>entitled</c> mode).</summary>
    Entitled,
}
