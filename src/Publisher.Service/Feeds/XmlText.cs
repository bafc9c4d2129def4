using System.Text;
using System.Xml;

namespace Publisher.Service.Feeds;

/// <summary>Makes text safe for XML 1.0: characters XML cannot carry (most control characters, lone surrogates) are dropped.</summary>
internal static class XmlText
{
    public static string Clean(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var length = 0;
            if (char.IsHighSurrogate(c))
            {
                length = i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 0;
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                length = 1;
            }

            if (length == 0)
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                continue;
            }

            builder?.Append(text, i, length);
            i += length - 1;
        }

        return builder?.ToString() ?? text;
    }
}
