namespace Publisher.Service.Feeds;

/// <summary>The syndication formats a channel is offered in.</summary>
internal enum FeedFormat
{
    /// <summary>RSS 2.0 with <c>enclosure</c> elements.</summary>
    Rss,

    /// <summary>Atom 1.0 (RFC 4287) with <c>rel="enclosure"</c> links.</summary>
    Atom,
}
