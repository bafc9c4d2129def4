using System.CommandLine;
using System.Text.Json;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Cli;

/// <summary>
/// <c>publisher publish &lt;path&gt;</c>: uploads a release to the service through <c>POST /api/releases/upload</c>
/// while hashing it locally into the same hybrid torrent, then checks the service registered exactly that torrent
/// (same info hashes). One request both stores the payload and registers the release, so there is never a
/// registered release without its files; hashing and upload overlap. On a mismatch (files changed during the
/// upload) the release is yanked and the command fails.
/// </summary>
internal static class PublishCommand
{
    public static Command Build(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "The file or directory to publish." };
        var server = new Option<string?>("--server") { Description = $"The service URL (default: ${ServiceClient.ServerVariable})." };
        var apiKey = new Option<string?>("--api-key") { Description = $"An API key with scope publish (default: ${ServiceClient.ApiKeyVariable})." };
        var name = new Option<string>("--name") { Description = "The product name.", Required = true };
        var version = new Option<string>("--version") { Description = "The release version (SemVer); versions are immutable.", Required = true };
        var channel = new Option<string?>("--channel") { Description = "The channel, e.g. stable or beta (default: the service's)." };
        var notes = new Option<string?>("--notes") { Description = "Release notes." };
        var json = new Option<bool>("--json") { Description = "Print the release as JSON." };
        var command = new Command("publish", "Hash a file or directory and publish it as a release on a Publisher service.")
        {
            path, server, apiKey, name, version, channel, notes, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = ServiceClient.Create(result.GetValue(server), result.GetValue(apiKey), keyRequired: true, out var error);
            if (client is null)
            {
                await context.Error.WriteLineAsync($"publisher: {error}").ConfigureAwait(false);
                return CliApp.Usage;
            }

            var source = result.GetRequiredValue(path);
            if (!File.Exists(source) && !Directory.Exists(source))
            {
                await context.Error.WriteLineAsync($"publisher: '{source}' does not exist").ConfigureAwait(false);
                return CliApp.Failure;
            }

            using var display = context.StartProgress("hashing");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var hashing = TorrentBuilder.CreateAsync(source, new TorrentBuilderOptions { Format = TorrentFormat.Hybrid, CreatedBy = CliContext.CreatedBy }, display, stop.Token);
            var upload = client.UploadReleaseAsync(source, result.GetRequiredValue(name), result.GetRequiredValue(version), result.GetValue(channel), result.GetValue(notes), stop.Token);
            CreatedTorrent local;
            try
            {
                local = await hashing.ConfigureAwait(false);
            }
            catch (TorrentCreationException)
            {
                // The local files cannot be shared: stop the upload too, and let the caller print why.
                await stop.CancelAsync().ConfigureAwait(false);
                await IgnoreAsync(upload).ConfigureAwait(false);
                throw;
            }

            display.Complete();
            var reply = await upload.ConfigureAwait(false);
            if (!reply.Succeeded)
            {
                await context.Error.WriteLineAsync($"publisher: publish failed: {reply.Error}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            var release = reply.Value;
            var id = release.GetProperty("id").GetInt64();
            var v1 = local.InfoHashes.V1?.ToHex();
            var v2 = local.InfoHashes.V2?.ToHex();
            if (!SameHash(release, "infoHashV1", v1) || !SameHash(release, "infoHashV2", v2))
            {
                await client.YankAsync(id, cancellationToken).ConfigureAwait(false);
                await context.Error.WriteLineAsync(
                    $"publisher: the server registered release {id} with info hash {Text(release, "infoHashV2")} but the local files hash to {v2}; the files changed during the upload, release {id} was yanked").ConfigureAwait(false);
                return CliApp.Failure;
            }

            await WriteAsync(context.Output, release, result.GetValue(json)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, JsonElement release, bool json)
    {
        var magnet = release.TryGetProperty("links", out var links) ? Text(links, "magnet") : null;
        var torrent = links.ValueKind == JsonValueKind.Object ? Text(links, "torrent") : null;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                id = release.GetProperty("id").GetInt64(),
                product = Text(release, "product"),
                channel = Text(release, "channel"),
                version = Text(release, "version"),
                infoHashV1 = Text(release, "infoHashV1"),
                infoHashV2 = Text(release, "infoHashV2"),
                magnet,
                torrent,
            })).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"published {Text(release, "product")} {Text(release, "version")} ({Text(release, "channel")}) as release {release.GetProperty("id").GetInt64()}").ConfigureAwait(false);
        await output.WriteLineAsync($"info hash v1: {Text(release, "infoHashV1")}").ConfigureAwait(false);
        await output.WriteLineAsync($"info hash v2: {Text(release, "infoHashV2")}").ConfigureAwait(false);
        await output.WriteLineAsync($"torrent: {torrent}").ConfigureAwait(false);
        await output.WriteLineAsync($"magnet: {magnet}").ConfigureAwait(false);
    }

    private static bool SameHash(JsonElement release, string property, string? local) =>
        string.Equals(Text(release, property), local, StringComparison.OrdinalIgnoreCase);

    internal static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task IgnoreAsync(Task<ServiceCall> task)
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
