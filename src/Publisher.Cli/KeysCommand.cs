using System.CommandLine;

namespace Publisher.Cli;

/// <summary><c>publisher keys create --scope S</c>: creates an API key on the service with an admin key.</summary>
internal static class KeysCommand
{
    private static readonly string[] ScopeNames = ["publish", "stats", "admin"];

    public static Command Build(CliContext context)
    {
        var scopes = new Option<string[]>("--scope") { Description = "publish, stats or admin; repeat for several.", Required = true };
        scopes.AcceptOnlyFromAmong(ScopeNames);
        var name = new Option<string?>("--name") { Description = "What the key is for (default: 'cli <scopes>')." };
        var server = new Option<string?>("--server") { Description = $"The service URL (default: ${ServiceClient.ServerVariable})." };
        var apiKey = new Option<string?>("--api-key") { Description = $"An API key with scope admin (default: ${ServiceClient.ApiKeyVariable})." };
        var create = new Command("create", "Create an API key; it is printed on stdout this once and never again.") { scopes, name, server, apiKey };
        create.SetAction(async (result, cancellationToken) =>
        {
            using var client = ServiceClient.Create(result.GetValue(server), result.GetValue(apiKey), keyRequired: true, out var error);
            if (client is null)
            {
                await context.Error.WriteLineAsync($"publisher: {error}").ConfigureAwait(false);
                return CliApp.Usage;
            }

            var chosen = result.GetRequiredValue(scopes);
            var reply = await client.CreateKeyAsync(result.GetValue(name) ?? "cli " + string.Join('+', chosen), chosen, cancellationToken).ConfigureAwait(false);
            if (!reply.Succeeded)
            {
                await context.Error.WriteLineAsync($"publisher: keys create failed: {reply.Error}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            // The secret alone on stdout so scripts can capture it; what it is goes to stderr.
            await context.Output.WriteLineAsync(PublishCommand.Text(reply.Value, "key")).ConfigureAwait(false);
            await context.Error.WriteLineAsync(
                $"created key {PublishCommand.Text(reply.Value, "keyId")} with scope {string.Join(", ", chosen)}; store it now, it is not shown again").ConfigureAwait(false);
            return CliApp.Success;
        });
        return new Command("keys", "Manage the service's API keys.") { create };
    }
}
