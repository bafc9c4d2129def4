namespace Publisher.Service.Tracker;

/// <summary>Why the tracker refused a request; <see cref="TrackerFailureMessages"/> gives the text clients see.</summary>
internal enum TrackerFailure
{
    None = 0,
    MalformedQuery,
    DuplicateParameter,
    TooManyParameters,
    MissingInfoHash,
    InvalidInfoHash,
    MissingPeerId,
    InvalidPeerId,
    MissingPort,
    InvalidPort,
    InvalidUploaded,
    InvalidDownloaded,
    InvalidLeft,
    InvalidNumWant,
    NumWantTooLarge,
    InvalidEvent,
    InvalidCompact,
    InvalidKey,
    InvalidToken,
    TooManyInfoHashes,
    FullScrapeRefused,
    NotRegistered,
    TokenMissing,
    TokenInvalid,
    TokenExpired,
    TokenWrongTorrent,
    TokenRevoked,
    SwarmLimitReached,

    /// <summary>The shared swarm store is unreachable; the client should retry later.</summary>
    StoreUnavailable,
}
