namespace Publisher.Storage;

/// <summary>Optional details of a put.</summary>
public sealed record BlobPutOptions
{
    /// <summary>
    /// The number of bytes the stream will give, when known. When set, a stream that ends early or runs
    /// longer fails the put (nothing is stored). Default: unknown (read to the end).
    /// </summary>
    public long? Length { get; init; }

    /// <summary>The blob's media type. Default: <c>application/octet-stream</c>. The local store does not keep it.</summary>
    public string? ContentType { get; init; }
}
