using System.CommandLine;
using System.Text.Json;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Cli;

/// <summary>
/// <c>publisher publish &lt;path&gt;</c>: hashes the release locally into a hybrid torrent while uploading its files
/// (to the service's staging, or straight to Azure Blob Storage with the SAS the service issues), then registers the
/// torrent with <c>POST /api/releases</c> naming the upload; the service checks sizes and a sample of pieces and
/// moves the files into place before the release becomes visible. Against a service without the upload endpoints it
/// falls back to <c>POST /api/releases/upload</c> (the service hashes too) and checks the info hashes agree.
/// </summary>
internal static partial class PublishCommand
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
        var noLocal = new Option<bool>("--no-local")
        {
            Description = "Upload over HTTP even when the service is on this host and offers its staging folder (by default the files are then written there directly while they are hashed).",
        };
        var command = new Command("publish", "Hash a file or directory and publish it as a release on a Publisher service.")
        {
            path, server, apiKey, name, version, channel, notes, json, noLocal,
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

            var request = new PublishOptions(source, result.GetRequiredValue(name), result.GetRequiredValue(version), result.GetValue(channel), result.GetValue(notes))
            {
                AllowLocal = !result.GetValue(noLocal),
            };
            var reply = await PublishStagedAsync(context, client, request, cancellationToken).ConfigureAwait(false)
                ?? await PublishThroughServiceAsync(context, client, request, cancellationToken).ConfigureAwait(false);
            if (reply.Error is { } failure)
            {
                await context.Error.WriteLineAsync($"publisher: publish failed: {failure}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            var release = reply.Release;
            if (reply.Mismatch)
            {
                var id = release.GetProperty("id").GetInt64();
                await client.YankAsync(id, cancellationToken).ConfigureAwait(false);
                await context.Error.WriteLineAsync(
                    $"publisher: the server registered release {id} with info hash {Text(release, "infoHashV2")} but the local files hash to {reply.LocalV2}; the files changed during the upload, release {id} was yanked").ConfigureAwait(false);
                return CliApp.Failure;
            }

            await WriteAsync(context.Output, release, reply, result.GetValue(json)).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, JsonElement release, PublishOutcome outcome, bool json)
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
                transport = outcome.Transport,
                phases = outcome.Phases is { } p ? new { hashedAfterSeconds = Round(p.Hashed), uploadedAfterSeconds = Round(p.Uploaded), registerSeconds = Round(p.Register) } : null,
            })).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"published {Text(release, "product")} {Text(release, "version")} ({Text(release, "channel")}) as release {release.GetProperty("id").GetInt64()}").ConfigureAwait(false);
        await output.WriteLineAsync($"info hash v1: {Text(release, "infoHashV1")}").ConfigureAwait(false);
        await output.WriteLineAsync($"info hash v2: {Text(release, "infoHashV2")}").ConfigureAwait(false);
        await output.WriteLineAsync($"torrent: {torrent}").ConfigureAwait(false);
        await output.WriteLineAsync($"magnet: {magnet}").ConfigureAwait(false);
        if (outcome.Transport == "local")
        {
            await output.WriteLineAsync("files: written straight into the service's staging folder (same host and user; --no-local uploads over HTTP)").ConfigureAwait(false);
        }
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);

    private static bool SameHash(JsonElement release, string property, string? local) =>
        string.Equals(Text(release, property), local, StringComparison.OrdinalIgnoreCase);

    internal static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
