using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Publisher.Cli;

/// <summary><c>publisher stats</c>: the service's bandwidth savings (<c>GET /api/stats</c>) as a table or JSON.</summary>
internal static class StatsCommand
{
    public static Command Build(CliContext context)
    {
        var server = new Option<string?>("--server") { Description = $"The service URL (default: ${ServiceClient.ServerVariable})." };
        var apiKey = new Option<string?>("--api-key") { Description = $"An API key with scope stats (default: ${ServiceClient.ApiKeyVariable})." };
        var json = new Option<bool>("--json") { Description = "Print the service's JSON as is." };
        var command = new Command("stats", "Show bytes delivered by peers and by the origin, and the savings, in total and per release.") { server, apiKey, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = ServiceClient.Create(result.GetValue(server), result.GetValue(apiKey), keyRequired: true, out var error);
            if (client is null)
            {
                await context.Error.WriteLineAsync($"publisher: {error}").ConfigureAwait(false);
                return CliApp.Usage;
            }

            var reply = await client.GetStatsAsync(cancellationToken).ConfigureAwait(false);
            if (!reply.Succeeded)
            {
                await context.Error.WriteLineAsync($"publisher: stats failed: {reply.Error}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            if (result.GetValue(json))
            {
                await context.Output.WriteLineAsync(reply.Value.GetRawText()).ConfigureAwait(false);
                return CliApp.Success;
            }

            await WriteTableAsync(context.Output, reply.Value).ConfigureAwait(false);
            return CliApp.Success;
        });
        return command;
    }

    private static async Task WriteTableAsync(TextWriter output, JsonElement stats)
    {
        var totals = stats.GetProperty("totals");
        await output.WriteLineAsync($"period: {PublishCommand.Text(stats, "from")} to {PublishCommand.Text(stats, "to")}").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"delivered {Bytes(totals, "deliveredBytes")}: peers {Bytes(totals, "peerBytes")}, origin {Bytes(totals, "originBytes")}; savings {Savings(totals)}; downloads {Long(totals, "completedDownloads")} completed, {Long(totals, "failedDownloads")} failed")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"{"id",6}  {"product",-20} {"version",-14} {"channel",-10} {"peers",12} {"origin",12} {"savings",8}").ConfigureAwait(false);
        foreach (var release in stats.GetProperty("releases").EnumerateArray())
        {
            var figures = release.GetProperty("figures");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Long(release, "id"),6}  {PublishCommand.Text(release, "product"),-20} {PublishCommand.Text(release, "version"),-14} {PublishCommand.Text(release, "channel"),-10} {Bytes(figures, "peerBytes"),12} {Bytes(figures, "originBytes"),12} {Savings(figures),8}")).ConfigureAwait(false);
        }
    }

    private static long Long(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static string Savings(JsonElement figures) =>
        figures.TryGetProperty("savings", out var value) && value.ValueKind == JsonValueKind.Number
            ? string.Create(CultureInfo.InvariantCulture, $"{value.GetDouble() * 100:0.0}%")
            : "-";

    private static string Bytes(JsonElement element, string property)
    {
        double value = Long(element, property);
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? string.Create(CultureInfo.InvariantCulture, $"{value:0} B") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
