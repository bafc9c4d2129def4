namespace Publisher.Service.Releases;

/// <summary>The outcome of registering a release.</summary>
internal enum PublishStatus
{
    /// <summary>The release is published.</summary>
    Created,

    /// <summary>The request is malformed (see the field errors).</summary>
    Invalid,

    /// <summary>The product already has this version.</summary>
    DuplicateVersion,

    /// <summary>Another release already has this torrent.</summary>
    DuplicateTorrent,
}
