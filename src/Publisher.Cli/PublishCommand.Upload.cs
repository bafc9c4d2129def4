using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Cli;

internal static partial class PublishCommand
{
    private static TorrentBuilderOptions HybridOptions => new() { Format = TorrentFormat.Hybrid, CreatedBy = CliContext.CreatedBy };

    /// <summary>
    /// The overlapped publish: start an upload, hash and upload at the same time (each file is read twice, both times
    /// from the page cache: measured faster on 2 cores than handing the hashers' buffers to the uploader), then
    /// register the torrent naming the upload. When the service offers its staging folder and this process can
    /// prove it shares the host and user (<see cref="LocalStaging"/>), the hashing pass writes the files there
    /// instead of uploading them. Null when the service has no upload endpoints.
    /// </summary>
    private static async Task<PublishOutcome?> PublishStagedAsync(CliContext context, ServiceClient client, PublishOptions request, CancellationToken cancellationToken)
    {
        var files = TorrentBuilder.ListFiles(request.Source);
        var (started, supported) = await client.StartUploadAsync(files, cancellationToken).ConfigureAwait(false);
        if (!supported)
        {
            return null;
        }

        if (started.Error is { } error)
        {
            return PublishOutcome.Failed(error);
        }

        var uploadId = started.Value.GetProperty("id").GetString()!;
        var total = 0L;
        foreach (var file in files)
        {
            total += file.Length;
        }

        var registered = false;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double hashedAt = 0, uploadedAt = 0;
        try
        {
            CreatedTorrent local;
            using (var display = context.StartProgress("publishing"))
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (request.AllowLocal && LocalStaging.Find(started.Value) is { } directory)
                {
                    // The service is on this host and we run as its user: write the files into its staging folder
                    // in the pass that hashes them (no second read, no HTTP).
                    local = await TorrentBuilder.CreateAsync(request.Source, HybridOptions with { CopyDestination = directory }, display, stop.Token).ConfigureAwait(false);
                    hashedAt = uploadedAt = clock.Elapsed.TotalSeconds;
                    display.Complete();
                    return await RegisterAsync("local").ConfigureAwait(false);
                }

                display.TrackUpload(total);
                var hashing = TorrentBuilder.CreateAsync(request.Source, HybridOptions, display, stop.Token);
                var upload = UploadTimedAsync();
                async Task<string?> UploadTimedAsync()
                {
                    var failure = await client.UploadFilesAsync(started.Value, files, display.Uploaded, stop.Token).ConfigureAwait(false);
                    uploadedAt = clock.Elapsed.TotalSeconds;
                    return failure;
                }

                try
                {
                    local = await hashing.ConfigureAwait(false);
                    hashedAt = clock.Elapsed.TotalSeconds;
                }
                catch (TorrentCreationException)
                {
                    // The local files cannot be shared: stop the upload too, and let the caller print why.
                    await stop.CancelAsync().ConfigureAwait(false);
                    await IgnoreCancelAsync(upload).ConfigureAwait(false);
                    throw;
                }

                if (await upload.ConfigureAwait(false) is { } uploadError)
                {
                    return PublishOutcome.Failed(uploadError);
                }

                display.Complete();
            }

            return await RegisterAsync("upload").ConfigureAwait(false);

            async Task<PublishOutcome> RegisterAsync(string transport)
            {
                var reply = await client.RegisterAsync(local.Bytes, uploadId, request.Product, request.Version, request.Channel, request.Notes, cancellationToken).ConfigureAwait(false);
                if (reply.Error is { } registerError)
                {
                    return PublishOutcome.Failed(registerError);
                }

                registered = true;
                var registerSeconds = clock.Elapsed.TotalSeconds - Math.Max(hashedAt, uploadedAt);
                return Compare(reply, local) with { Phases = (hashedAt, uploadedAt, registerSeconds), Transport = transport };
            }
        }
        finally
        {
            if (!registered)
            {
                // Best effort, bounded: the service also sweeps abandoned uploads.
                using var abort = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await client.AbortUploadAsync(uploadId, abort.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The older path: the service receives the files in one multipart request and hashes them itself.</summary>
    private static async Task<PublishOutcome> PublishThroughServiceAsync(CliContext context, ServiceClient client, PublishOptions request, CancellationToken cancellationToken)
    {
        using var display = context.StartProgress("hashing");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hashing = TorrentBuilder.CreateAsync(request.Source, HybridOptions, display, stop.Token);
        var upload = client.UploadReleaseAsync(request.Source, request.Product, request.Version, request.Channel, request.Notes, stop.Token);
        CreatedTorrent local;
        try
        {
            local = await hashing.ConfigureAwait(false);
        }
        catch (TorrentCreationException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await IgnoreCancelAsync(upload).ConfigureAwait(false);
            throw;
        }

        display.Complete();
        var reply = await upload.ConfigureAwait(false);
        return reply.Error is { } error ? PublishOutcome.Failed(error) : Compare(reply, local) with { Transport = "service" };
    }

    private static PublishOutcome Compare(ServiceCall reply, CreatedTorrent local)
    {
        var v1 = local.InfoHashes.V1?.ToHex();
        var v2 = local.InfoHashes.V2?.ToHex();
        var same = SameHash(reply.Value, "infoHashV1", v1) && SameHash(reply.Value, "infoHashV2", v2);
        return new PublishOutcome(reply.Value, null, !same, v2);
    }

    private static async Task IgnoreCancelAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
