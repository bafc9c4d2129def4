using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Publisher.Service.Savings;

namespace Publisher.Service.Dashboard;

/// <summary>
/// The dashboard as one self-contained HTML page: totals, savings, a stacked bar chart (inline SVG) of origin
/// versus peer bytes per day, a per-release table, and where the figures come from (web-seed measurements, client
/// telemetry, tracker announces, the service's own seed). No script, no external asset: it works offline and under
/// a CSP that forbids everything but inline styles.
/// </summary>
internal static class DashboardPage
{
    private const int ChartWidth = 760;
    private const int ChartHeight = 220;
    private const int ChartLeft = 60;
    private const int ChartBottom = 30;

    public static string Render(StatsResponse stats, int days)
    {
        var html = new StringBuilder(8192);
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Publisher dashboard</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2430;background:#f7f8fa}
            h1{font-size:1.4rem;margin:0 0 1rem}
            .cards{display:flex;gap:1rem;flex-wrap:wrap;margin-bottom:1.5rem}
            .card{background:#fff;border-radius:8px;padding:1rem 1.25rem;min-width:10rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
            .card .label{font-size:.8rem;color:#5b6575}.card .value{font-size:1.5rem;font-weight:600}
            table{border-collapse:collapse;background:#fff;width:100%;max-width:60rem}
            th,td{padding:.45rem .75rem;border-bottom:1px solid #e4e7ec;text-align:right}
            th:first-child,td:first-child{text-align:left}
            .peers{fill:#2f9e6e}.origin{fill:#e07a2f}.axis{stroke:#9aa3b2;stroke-width:1}
            svg text{font-size:11px;fill:#5b6575}
            </style>
            </head>
            <body>
            """);
        html.Append("<h1>Bandwidth savings, ").Append(Encode(stats.From)).Append(" to ").Append(Encode(stats.To)).Append(" (UTC)</h1>\n");

        var totals = stats.Totals;
        html.Append("<div class=\"cards\" id=\"totals\">\n");
        Card(html, "Delivered", Bytes(totals.DeliveredBytes), "delivered");
        Card(html, "From peers", Bytes(totals.PeerBytes), "peers");
        Card(html, "From origin", Bytes(totals.OriginBytes), "origin");
        Card(html, "Savings", Percent(totals.Savings), "savings");
        Card(html, "Downloads completed", totals.CompletedDownloads.ToString("N0", CultureInfo.InvariantCulture), "completed");
        html.Append("</div>\n");

        WriteChart(html, stats, days);
        WriteTable(html, stats);
        WriteSources(html, totals);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteChart(StringBuilder html, StatsResponse stats, int days)
    {
        var byDate = stats.Days.ToDictionary(d => d.Date, d => d.Figures, StringComparer.Ordinal);
        var from = DateOnly.ParseExact(stats.From, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        long max = 1;
        foreach (var day in stats.Days)
        {
            max = Math.Max(max, day.Figures.DeliveredBytes);
        }

        var plotWidth = ChartWidth - ChartLeft - 10;
        var plotHeight = ChartHeight - ChartBottom - 10;
        var slot = (double)plotWidth / days;
        var bar = Math.Max(1, slot * 0.7);
        html.Append(CultureInfo.InvariantCulture, $"<svg id=\"chart\" role=\"img\" aria-label=\"Origin versus peer bytes per day\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" viewBox=\"0 0 {ChartWidth} {ChartHeight}\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{ChartLeft}\" y1=\"10\" x2=\"{ChartLeft}\" y2=\"{10 + plotHeight}\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{ChartLeft}\" y1=\"{10 + plotHeight}\" x2=\"{ChartWidth - 10}\" y2=\"{10 + plotHeight}\"/>\n");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{ChartLeft - 6}\" y=\"16\" text-anchor=\"end\">{Encode(Bytes(max))}</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{ChartLeft - 6}\" y=\"{10 + plotHeight}\" text-anchor=\"end\">0</text>\n");
        for (var i = 0; i < days; i++)
        {
            var date = from.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var x = ChartLeft + (i * slot) + ((slot - bar) / 2);
            if (byDate.TryGetValue(date, out var figures) && figures.DeliveredBytes > 0)
            {
                var originHeight = plotHeight * (double)figures.OriginBytes / max;
                var peerHeight = plotHeight * (double)figures.PeerBytes / max;
                var baseline = 10.0 + plotHeight;
                html.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"origin\" data-date=\"{date}\" x=\"{x:0.##}\" y=\"{baseline - originHeight:0.##}\" width=\"{bar:0.##}\" height=\"{originHeight:0.##}\"><title>{date}: {Encode(Bytes(figures.OriginBytes))} from origin</title></rect>");
                html.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"peers\" data-date=\"{date}\" x=\"{x:0.##}\" y=\"{baseline - originHeight - peerHeight:0.##}\" width=\"{bar:0.##}\" height=\"{peerHeight:0.##}\"><title>{date}: {Encode(Bytes(figures.PeerBytes))} from peers</title></rect>\n");
            }

            // Weekly labels, the first and the last day; a weekly label too close to the last one would overlap it.
            if (i == 0 || i == days - 1 || (days > 7 && i % 7 == 0 && days - 1 - i >= 3))
            {
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bar / 2):0.##}\" y=\"{ChartHeight - 10}\" text-anchor=\"middle\">{date[5..]}</text>\n");
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"<rect class=\"peers\" x=\"{ChartWidth - 200}\" y=\"12\" width=\"10\" height=\"10\"/><text x=\"{ChartWidth - 186}\" y=\"21\">peers</text>");
        html.Append(CultureInfo.InvariantCulture, $"<rect class=\"origin\" x=\"{ChartWidth - 120}\" y=\"12\" width=\"10\" height=\"10\"/><text x=\"{ChartWidth - 106}\" y=\"21\">origin</text>\n");
        html.Append("</svg>\n");
    }

    private static void WriteSources(StringBuilder html, SavingsFigures totals)
    {
        html.Append("<h2>Sources</h2>\n<p>From peers is the largest of what clients reported, what peers announced uploading and what the service's own seed uploaded; from origin is the larger of what the web seed measured and what clients reported.</p>\n");
        html.Append("<table id=\"sources\">\n<thead><tr><th>Source</th><th>Bytes</th></tr></thead>\n<tbody>\n");
        SourceRow(html, "measured-origin", "Origin, measured by the web seed", totals.MeasuredOriginBytes);
        SourceRow(html, "reported-peers", "From peers, reported by clients", totals.ReportedPeerBytes);
        SourceRow(html, "reported-origin", "From the origin, reported by clients", totals.ReportedOriginBytes);
        SourceRow(html, "announced-uploaded", "Uploaded, announced by peers to the tracker", totals.AnnouncedUploadedBytes);
        SourceRow(html, "announced-downloaded", "Downloaded, announced by peers to the tracker", totals.AnnouncedDownloadedBytes);
        SourceRow(html, "seed-uploaded", "Uploaded by the service's own seed (peer bytes)", totals.SeedUploadedBytes);
        html.Append("</tbody>\n</table>\n");
    }

    private static void SourceRow(StringBuilder html, string id, string label, long bytes) =>
        html.Append("<tr id=\"source-").Append(id).Append("\"><td>").Append(Encode(label)).Append("</td><td>").Append(Encode(Bytes(bytes))).Append("</td></tr>\n");

    private static void WriteTable(StringBuilder html, StatsResponse stats)
    {
        html.Append("<h2>Releases</h2>\n<table id=\"releases\">\n<thead><tr><th>Release</th><th>Channel</th><th>Delivered</th><th>From peers</th><th>From origin</th><th>Savings</th><th>Completed</th><th>Announced up</th><th>Announced down</th><th>Our seed</th></tr></thead>\n<tbody>\n");
        foreach (var release in stats.Releases.OrderByDescending(r => r.Figures.DeliveredBytes))
        {
            var figures = release.Figures;
            html.Append("<tr data-release-id=\"").Append(release.Id.ToString(CultureInfo.InvariantCulture)).Append("\"><td>")
                .Append(Encode(release.Product)).Append(' ').Append(Encode(release.Version)).Append("</td><td>").Append(Encode(release.Channel))
                .Append("</td><td>").Append(Encode(Bytes(figures.DeliveredBytes))).Append("</td><td>").Append(Encode(Bytes(figures.PeerBytes)))
                .Append("</td><td>").Append(Encode(Bytes(figures.OriginBytes))).Append("</td><td>").Append(Encode(Percent(figures.Savings)))
                .Append("</td><td>").Append(figures.CompletedDownloads.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(Encode(Bytes(figures.AnnouncedUploadedBytes))).Append("</td><td>").Append(Encode(Bytes(figures.AnnouncedDownloadedBytes)))
                .Append("</td><td>").Append(Encode(Bytes(figures.SeedUploadedBytes))).Append("</td></tr>\n");
        }

        if (stats.Releases.Count == 0)
        {
            html.Append("<tr><td colspan=\"10\">No downloads reported in this period.</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void Card(StringBuilder html, string label, string value, string id) =>
        html.Append("<div class=\"card\" id=\"total-").Append(id).Append("\"><div class=\"label\">").Append(Encode(label))
            .Append("</div><div class=\"value\">").Append(Encode(value)).Append("</div></div>\n");

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>Bytes in decimal units (kB = 1000 B), as network traffic is counted.</summary>
    internal static string Bytes(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.00" : value < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    private static string Percent(double? savings) =>
        savings is { } value ? (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";
}
