namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// Carries a failed write of verified data out of a web seed fetch, past the seed's retry policy (a full disk is not
/// the seed's fault); the download rethrows <see cref="Exception.InnerException"/>.
/// </summary>
internal sealed class WebSeedWriteException : Exception
{
    public WebSeedWriteException()
    {
    }

    public WebSeedWriteException(string message)
        : base(message)
    {
    }

    public WebSeedWriteException(Exception inner)
        : base(inner?.Message, inner)
    {
    }

    public WebSeedWriteException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
