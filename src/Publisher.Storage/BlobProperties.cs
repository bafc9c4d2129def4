namespace Publisher.Storage;

/// <summary>What a store knows about one blob.</summary>
/// <param name="Key">The blob's key.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="ETag">A strong entity tag, quoted as in HTTP (changes whenever the content may have changed).</param>
/// <param name="LastModified">When it was last written.</param>
/// <param name="ContentType">Its media type; <c>application/octet-stream</c> when none was given.</param>
public sealed record BlobProperties(string Key, long Length, string ETag, DateTimeOffset LastModified, string ContentType);
