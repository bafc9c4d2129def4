namespace Publisher.Service.Releases;

/// <summary>One payload file of a release.</summary>
internal sealed record ReleaseFileResponse(string Path, long Length);
