using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Publisher.Storage.Azure;

/// <summary>
/// Shared Key authorization of the Blob service (version 2009-09-19 and later): the string to sign is
/// the verb, eleven standard headers, the canonicalized <c>x-ms-*</c> headers and the canonicalized
/// resource, signed with HMAC-SHA256 under the account key.
/// </summary>
internal sealed class SharedKeySigner
{
    private readonly string _accountName;
    private readonly byte[] _key;

    public SharedKeySigner(string accountName, byte[] key)
    {
        _accountName = accountName;
        _key = key;
    }

    /// <summary>Sets the <c>Authorization</c> header; all other headers must already be set.</summary>
    public void Sign(HttpRequestMessage request)
    {
        var stringToSign = BuildStringToSign(request, _accountName);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{_accountName}:{signature}");
    }

    /// <summary>The string to sign for <paramref name="request"/>.</summary>
    public static string BuildStringToSign(HttpRequestMessage request, string accountName)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength;
        var builder = new StringBuilder(256);
        builder.Append(request.Method.Method).Append('\n');
        AppendLine(builder, content is null ? null : string.Join(",", content.ContentEncoding));
        AppendLine(builder, content is null ? null : string.Join(",", content.ContentLanguage));
        AppendLine(builder, length is null or 0 ? null : length.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppendLine(builder, content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : null);
        AppendLine(builder, content?.ContentType?.ToString());
        AppendLine(builder, Header(request, "Date"));
        AppendLine(builder, Header(request, "If-Modified-Since"));
        AppendLine(builder, Header(request, "If-Match"));
        AppendLine(builder, Header(request, "If-None-Match"));
        AppendLine(builder, Header(request, "If-Unmodified-Since"));
        AppendLine(builder, Header(request, "Range"));
        AppendCanonicalizedHeaders(builder, request);
        AppendCanonicalizedResource(builder, request.RequestUri ?? throw new InvalidOperationException("The request has no URI."), accountName);
        return builder.ToString();
    }

    private static void AppendLine(StringBuilder builder, string? value) => builder.Append(value).Append('\n');

    private static string? Header(HttpRequestMessage request, string name)
        => request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static void AppendCanonicalizedHeaders(StringBuilder builder, HttpRequestMessage request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers.NonValidated)
        {
            if (header.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(header.Key.ToLowerInvariant(), string.Join(",", header.Value)));
            }
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.NonValidated)
            {
                if (header.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                {
                    headers.Add(new(header.Key.ToLowerInvariant(), string.Join(",", header.Value)));
                }
            }
        }

        headers.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(UnfoldWhitespace(value)).Append('\n');
        }
    }

    private static void AppendCanonicalizedResource(StringBuilder builder, Uri uri, string accountName)
    {
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath);
        var query = uri.Query;
        if (query.Length <= 1)
        {
            return;
        }

        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out var list))
            {
                list = [];
                parameters[name] = list;
            }

            list.Add(value);
        }

        foreach (var (name, list) in parameters)
        {
            list.Sort(StringComparer.Ordinal);
            builder.Append('\n').Append(name).Append(':').Append(string.Join(",", list));
        }
    }

    private static string UnfoldWhitespace(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal) && !trimmed.Contains('\n', StringComparison.Ordinal) && !trimmed.Contains('\r', StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        var previousSpace = false;
        foreach (var c in trimmed)
        {
            var isSpace = c is ' ' or '\t' or '\r' or '\n';
            if (isSpace && previousSpace)
            {
                continue;
            }

            builder.Append(isSpace ? ' ' : c);
            previousSpace = isSpace;
        }

        return builder.ToString();
    }
}
