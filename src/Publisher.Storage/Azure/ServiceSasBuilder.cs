using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Publisher.Storage.Azure;

/// <summary>
/// Service shared access signatures for a blob (<c>sr=b</c>) or a container (<c>sr=c</c>), signed with the
/// account key (string-to-sign layout of version 2020-12-06 and later).
/// </summary>
internal static class ServiceSasBuilder
{
    /// <summary>The signed version written into every SAS.</summary>
    public const string Version = AzureBlobStore.ServiceVersion;

    /// <summary>
    /// Returns the SAS query (without <c>?</c>) for <paramref name="container"/> and optionally <paramref name="blobName"/>
    /// (unescaped), granting <paramref name="permissions"/> (e.g. <c>r</c>, <c>cw</c>, <c>racwdl</c>) from
    /// <paramref name="start"/> to <paramref name="expiry"/>.
    /// </summary>
    public static string Build(string accountName, byte[] accountKey, string container, string? blobName, string permissions, DateTimeOffset start, DateTimeOffset expiry)
    {
        var resource = blobName is null ? "c" : "b";
        var startText = Format(start);
        var expiryText = Format(expiry);
        var canonicalName = blobName is null ? $"/blob/{accountName}/{container}" : $"/blob/{accountName}/{container}/{blobName}";
        var stringToSign = string.Join('\n', [
            permissions,
            startText,
            expiryText,
            canonicalName,
            string.Empty, // signed identifier
            string.Empty, // signed IP
            string.Empty, // signed protocol (any)
            Version,
            resource,
            string.Empty, // snapshot time
            string.Empty, // encryption scope
            string.Empty, // rscc
            string.Empty, // rscd
            string.Empty, // rsce
            string.Empty, // rscl
            string.Empty, // rsct
        ]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign)));
        return $"sv={Version}&st={Uri.EscapeDataString(startText)}&se={Uri.EscapeDataString(expiryText)}&sr={resource}&sp={permissions}&sig={Uri.EscapeDataString(signature)}";
    }

    private static string Format(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
