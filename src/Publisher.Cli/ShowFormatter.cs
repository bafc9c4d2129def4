using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Publisher.Torrent.Metainfo;

namespace Publisher.Cli;

/// <summary>The text and JSON forms of <c>publisher show</c>.</summary>
internal static class ShowFormatter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string TorrentText(TorrentInfo torrent)
    {
        var text = new StringBuilder();
        Line(text, "name", torrent.Name);
        Line(text, "version", VersionName(torrent.Version));
        if (torrent.InfoHashes.V1 is { } v1)
        {
            Line(text, "info hash v1", v1.ToHex());
        }

        if (torrent.InfoHashes.V2 is { } v2)
        {
            Line(text, "info hash v2", v2.ToHex());
        }

        Line(text, "size", string.Create(CultureInfo.InvariantCulture, $"{torrent.PayloadSize} bytes ({Human(torrent.PayloadSize)})"));
        Line(text, "pieces", string.Create(CultureInfo.InvariantCulture, $"{torrent.PieceCount} x {torrent.PieceLength} bytes"));
        Line(text, "private", torrent.IsPrivate ? "yes" : "no");
        for (var tier = 0; tier < torrent.Trackers.Count; tier++)
        {
            foreach (var url in torrent.Trackers[tier])
            {
                Line(text, string.Create(CultureInfo.InvariantCulture, $"tracker (tier {tier + 1})"), url);
            }
        }

        foreach (var url in torrent.WebSeeds)
        {
            Line(text, "web seed", url);
        }

        if (torrent.Comment is { } comment)
        {
            Line(text, "comment", comment.ReplaceLineEndings(" "));
        }

        if (torrent.CreatedBy is { } createdBy)
        {
            Line(text, "created by", createdBy);
        }

        if (torrent.CreationDate is { } date)
        {
            Line(text, "created", date.UtcDateTime.ToString("u", CultureInfo.InvariantCulture));
        }

        Line(text, "magnet", torrent.ToMagnetLink().ToString());
        var files = RealFiles(torrent);
        text.Append(CultureInfo.InvariantCulture, $"files ({files.Count}):").Append('\n');
        foreach (var file in files)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {file.Length,15}  {file.PathString}").Append('\n');
        }

        return text.ToString();
    }

    public static string TorrentJson(TorrentInfo torrent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("name", torrent.Name);
            json.WriteString("version", VersionName(torrent.Version));
            WriteHashes(json, torrent.InfoHashes);
            json.WriteNumber("size", torrent.PayloadSize);
            json.WriteNumber("pieceLength", torrent.PieceLength);
            json.WriteNumber("pieceCount", torrent.PieceCount);
            json.WriteBoolean("private", torrent.IsPrivate);
            json.WriteStartArray("trackers");
            foreach (var tier in torrent.Trackers)
            {
                json.WriteStartArray();
                foreach (var url in tier)
                {
                    json.WriteStringValue(url);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            WriteStrings(json, "webSeeds", torrent.WebSeeds);
            WriteOptional(json, "comment", torrent.Comment);
            WriteOptional(json, "createdBy", torrent.CreatedBy);
            if (torrent.CreationDate is { } date)
            {
                json.WriteString("creationDate", date.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            }

            json.WriteString("magnet", torrent.ToMagnetLink().ToString());
            json.WriteStartArray("files");
            foreach (var file in RealFiles(torrent))
            {
                json.WriteStartObject();
                json.WriteString("path", file.PathString);
                json.WriteNumber("length", file.Length);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string MagnetText(MagnetLink link)
    {
        var text = new StringBuilder();
        if (link.DisplayName is { } name)
        {
            Line(text, "name", name);
        }

        if (link.InfoHashes.V1 is { } v1)
        {
            Line(text, "info hash v1", v1.ToHex());
        }

        if (link.InfoHashes.V2 is { } v2)
        {
            Line(text, "info hash v2", v2.ToHex());
        }

        foreach (var url in link.Trackers)
        {
            Line(text, "tracker", url);
        }

        foreach (var url in link.WebSeeds)
        {
            Line(text, "web seed", url);
        }

        foreach (var peer in link.Peers)
        {
            Line(text, "peer", peer.ToString() ?? string.Empty);
        }

        return text.ToString();
    }

    public static string MagnetJson(MagnetLink link)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            WriteOptional(json, "name", link.DisplayName);
            WriteHashes(json, link.InfoHashes);
            WriteStrings(json, "trackers", link.Trackers);
            WriteStrings(json, "webSeeds", link.WebSeeds);
            json.WriteStartArray("peers");
            foreach (var peer in link.Peers)
            {
                json.WriteStringValue(peer.ToString());
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static List<TorrentFile> RealFiles(TorrentInfo torrent)
    {
        var files = new List<TorrentFile>(torrent.Files.Count);
        foreach (var file in torrent.Files)
        {
            if (!file.IsPadFile)
            {
                files.Add(file);
            }
        }

        return files;
    }

    private static void WriteHashes(Utf8JsonWriter json, InfoHashes hashes)
    {
        WriteOptional(json, "infoHashV1", hashes.V1?.ToHex());
        WriteOptional(json, "infoHashV2", hashes.V2?.ToHex());
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string VersionName(TorrentVersion version) => version switch
    {
        TorrentVersion.V1 => "v1",
        TorrentVersion.V2 => "v2",
        _ => "hybrid",
    };

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"{label + ":",-18}{value}").Append('\n');

    private static string Human(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }
}
