using System.Net;

namespace Publisher.Storage.Azure;

public sealed partial class AzureBlobStore
{
    private static readonly TimeSpan CopyPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan CopySourceLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// Copy Blob inside the account (the service copies; no byte passes through us), waits until the copy is done,
    /// then deletes the source. Returns <see langword="false"/> when the source does not exist.
    /// </summary>
    public async Task<bool> MoveAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken)
    {
        var source = CreateSasUri(sourceKey, "r", CopySourceLifetime)?.AbsoluteUri ?? WithAccountSas(BlobUri(sourceKey));
        var destination = BlobUri(destinationKey);
        await EnsureContainerAsync(cancellationToken);
        using (var response = await SendAsync(new BlobRequest(HttpMethod.Put, destination) { Headers = [new("x-ms-copy-source", source)] }, cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            await EnsureSuccessAsync(response, "Copy Blob", cancellationToken);
            var status = CopyStatus(response);
            while (status == "pending")
            {
                await Task.Delay(CopyPollInterval, _timeProvider, cancellationToken);
                using var poll = await SendAsync(new BlobRequest(HttpMethod.Head, destination), cancellationToken);
                await EnsureSuccessAsync(poll, "Get Blob Properties", cancellationToken);
                status = CopyStatus(poll);
            }

            if (status is not (null or "success"))
            {
                throw new BlobStoreException($"Copy Blob of '{sourceKey}' to '{destinationKey}' ended with status '{status}'.");
            }
        }

        await DeleteAsync(sourceKey, cancellationToken);
        return true;
    }

    private string WithAccountSas(string uri) => _account.SharedAccessSignature is { } sas ? $"{uri}?{sas}" : uri;

    private static string? CopyStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-copy-status", out var values) ? string.Join(",", values) : null;
}
