using System.Text;

namespace Publisher.Service.Tests.Tracker;

/// <summary>A strict little bencode reader for asserting on tracker answers (tests only).</summary>
internal static class Bencode
{
    public static object Decode(byte[] data)
    {
        var position = 0;
        var value = Read(data, ref position);
        if (position != data.Length)
        {
            throw new FormatException($"Trailing bytes after the value at {position}: {Encoding.Latin1.GetString(data)}");
        }

        return value;
    }

    public static Dictionary<string, object> DecodeDictionary(byte[] data) => (Dictionary<string, object>)Decode(data);

    private static object Read(byte[] data, ref int position)
    {
        switch (data[position])
        {
            case (byte)'i':
                {
                    var end = Array.IndexOf(data, (byte)'e', position);
                    var number = long.Parse(Encoding.ASCII.GetString(data, position + 1, end - position - 1), System.Globalization.CultureInfo.InvariantCulture);
                    position = end + 1;
                    return number;
                }

            case (byte)'l':
                {
                    position++;
                    var list = new List<object>();
                    while (data[position] != (byte)'e')
                    {
                        list.Add(Read(data, ref position));
                    }

                    position++;
                    return list;
                }

            case (byte)'d':
                {
                    position++;
                    var dictionary = new Dictionary<string, object>(StringComparer.Ordinal);
                    string? previous = null;
                    while (data[position] != (byte)'e')
                    {
                        var key = Encoding.Latin1.GetString((byte[])Read(data, ref position));
                        if (previous is not null && string.CompareOrdinal(previous, key) >= 0)
                        {
                            throw new FormatException($"Keys out of order: '{previous}' then '{key}'.");
                        }

                        previous = key;
                        dictionary[key] = Read(data, ref position);
                    }

                    position++;
                    return dictionary;
                }

            default:
                {
                    var colon = Array.IndexOf(data, (byte)':', position);
                    var length = int.Parse(Encoding.ASCII.GetString(data, position, colon - position), System.Globalization.CultureInfo.InvariantCulture);
                    var bytes = data.AsSpan(colon + 1, length).ToArray();
                    position = colon + 1 + length;
                    return bytes;
                }
        }
    }
}
