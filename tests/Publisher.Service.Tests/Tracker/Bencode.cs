using System.Text;
using Publisher.Torrent.Bencoding;

namespace Publisher.Service.Tests.Tracker;

/// <summary>
/// Decodes tracker answers with the engine's strict decoder (sorted keys, canonical integers) and turns them into
/// plain objects for assertions: long, byte[], List&lt;object&gt;, Dictionary&lt;string, object&gt; (keys as Latin-1).
/// </summary>
internal static class Bencode
{
    public static object Decode(byte[] data) => Convert(BencodeDecoder.Decode(data));

    public static Dictionary<string, object> DecodeDictionary(byte[] data) => (Dictionary<string, object>)Decode(data);

    private static object Convert(BValue value)
    {
        switch (value)
        {
            case BInteger integer:
                return integer.Value;
            case BString text:
                return text.Span.ToArray();
            case BList list:
                {
                    var items = new List<object>(list.Count);
                    foreach (var item in list)
                    {
                        items.Add(Convert(item));
                    }

                    return items;
                }

            case BDictionary dictionary:
                {
                    var entries = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var (key, item) in dictionary)
                    {
                        entries[Encoding.Latin1.GetString(key.Span)] = Convert(item);
                    }

                    return entries;
                }

            default:
                throw new FormatException("Unknown bencode value " + value.GetType().Name);
        }
    }
}
