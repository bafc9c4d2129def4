namespace Publisher.Torrent.Tests.WebSeeds;

/// <summary>How <see cref="LocalWebSeedServer"/> misbehaves.</summary>
public enum SeedFault
{
    /// <summary>Serves every range correctly.</summary>
    None,

    /// <summary>Answers every request 503 with <c>Retry-After: 120</c>.</summary>
    Unavailable,

    /// <summary>Reads the request, then resets the connection.</summary>
    Reset,

    /// <summary>Sends the headers and part of the body, then stalls.</summary>
    Slow,

    /// <summary>Sends correct headers and a body of the right length with wrong bytes.</summary>
    WrongBytes,

    /// <summary>Sends 206 with a Content-Range shifted by one byte.</summary>
    WrongRange,

    /// <summary>Answers 302 to the same file under <c>/moved/</c>, where it serves it.</summary>
    Redirect,

    /// <summary>Answers every request 302 to the same URL.</summary>
    RedirectLoop,
}
