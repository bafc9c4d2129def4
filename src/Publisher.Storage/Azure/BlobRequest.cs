namespace Publisher.Storage.Azure;

/// <summary>
/// Everything needed to build one REST request again for each attempt (an <see cref="HttpRequestMessage"/>
/// cannot be sent twice). <see cref="Body"/> is the exact bytes to send on every attempt.
/// </summary>
internal sealed record BlobRequest(HttpMethod Method, string Uri)
{
    public ReadOnlyMemory<byte>? Body { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public HttpCompletionOption Completion { get; init; } = HttpCompletionOption.ResponseContentRead;
}
