using System.Buffers;
using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Metainfo;

public sealed partial class TorrentInfo
{
    /// <summary>
    /// The whole .torrent file: metadata, the exact original info dictionary, and v2 piece layers, as
    /// canonical bencode. Parsing the result gives the same info hashes.
    /// </summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(InfoBytes.Length + 1024);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the whole .torrent file to <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        var writer = new BencodeWriter(output);
        writer.WriteStartDictionary();
        var trackerCount = 0;
        foreach (var tier in Trackers)
        {
            trackerCount += tier.Count;
        }

        if (trackerCount > 0)
        {
            writer.WriteKey("announce"u8);
            writer.WriteString(FirstTracker());
            if (trackerCount > 1)
            {
                writer.WriteKey("announce-list"u8);
                writer.WriteStartList();
                foreach (var tier in Trackers)
                {
                    if (tier.Count == 0)
                    {
                        continue;
                    }

                    writer.WriteStartList();
                    foreach (var url in tier)
                    {
                        writer.WriteString(url);
                    }

                    writer.WriteEnd();
                }

                writer.WriteEnd();
            }
        }

        WriteText(writer, "comment"u8, Comment);
        WriteText(writer, "created by"u8, CreatedBy);
        if (CreationDate is { } created)
        {
            writer.WriteKey("creation date"u8);
            writer.WriteInteger(created.ToUnixTimeSeconds());
        }

        WriteText(writer, "encoding"u8, Metadata.Encoding);
        writer.WriteKey("info"u8);
        writer.WriteRaw(InfoBytes.Span);
        WritePieceLayers(writer);
        if (WebSeeds.Count == 1)
        {
            writer.WriteKey("url-list"u8);
            writer.WriteString(WebSeeds[0]);
        }
        else if (WebSeeds.Count > 1)
        {
            writer.WriteKey("url-list"u8);
            writer.WriteStartList();
            foreach (var url in WebSeeds)
            {
                writer.WriteString(url);
            }

            writer.WriteEnd();
        }

        writer.WriteEnd();
    }

    /// <summary>Writes the whole .torrent file to <paramref name="path"/>.</summary>
    public Task SaveAsync(string path, CancellationToken cancellationToken) => File.WriteAllBytesAsync(path, ToBytes(), cancellationToken);

    private static void WriteText(BencodeWriter writer, ReadOnlySpan<byte> key, string? value)
    {
        if (value is not null)
        {
            writer.WriteKey(key);
            writer.WriteString(value);
        }
    }

    private string FirstTracker()
    {
        foreach (var tier in Trackers)
        {
            if (tier.Count > 0)
            {
                return tier[0];
            }
        }

        throw new InvalidOperationException("No tracker.");
    }

    private void WritePieceLayers(BencodeWriter writer)
    {
        var layers = new List<TorrentFile>();
        foreach (var file in _files)
        {
            if (!file.PieceLayer.IsEmpty)
            {
                layers.Add(file);
            }
        }

        if (layers.Count == 0)
        {
            return;
        }

        layers.Sort(static (a, b) => a.PiecesRoot.Span.SequenceCompareTo(b.PiecesRoot.Span));
        writer.WriteKey("piece layers"u8);
        writer.WriteStartDictionary();
        for (var i = 0; i < layers.Count; i++)
        {
            if (i > 0 && layers[i].PiecesRoot.Span.SequenceEqual(layers[i - 1].PiecesRoot.Span))
            {
                continue;
            }

            writer.WriteKey(layers[i].PiecesRoot.Span);
            writer.WriteString(layers[i].PieceLayer.Span);
        }

        writer.WriteEnd();
    }
}
