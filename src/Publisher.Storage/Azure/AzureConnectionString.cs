namespace Publisher.Storage.Azure;

/// <summary>
/// The parts of an Azure Storage connection string this store uses: the blob endpoint and either an
/// account key (Shared Key) or a shared access signature.
/// </summary>
internal sealed record AzureConnectionString(Uri BlobEndpoint, string AccountName, byte[]? AccountKey, string? SharedAccessSignature)
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Microsoft; not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>
    /// Parses <c>key=value;</c> pairs: <c>AccountName</c>, <c>AccountKey</c>, <c>SharedAccessSignature</c>,
    /// <c>BlobEndpoint</c>, <c>DefaultEndpointsProtocol</c>, <c>EndpointSuffix</c>, <c>UseDevelopmentStorage=true</c>.
    /// Throws <see cref="ArgumentException"/> naming what is missing or malformed (never echoing the key).
    /// </summary>
    public static AzureConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException("The storage connection string has a part without 'name=value'.", nameof(connectionString));
            }

            values[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (values.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            var endpoint = values.TryGetValue("DevelopmentStorageProxyUri", out var proxy) ? proxy : "http://127.0.0.1:10000";
            return new AzureConnectionString(new Uri($"{endpoint.TrimEnd('/')}/{DevelopmentAccountName}"), DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), null);
        }

        values.TryGetValue("AccountName", out var accountName);
        byte[]? key = null;
        if (values.TryGetValue("AccountKey", out var keyText) && keyText.Length > 0)
        {
            try
            {
                key = Convert.FromBase64String(keyText);
            }
            catch (FormatException)
            {
                throw new ArgumentException("The storage connection string's AccountKey is not valid base64.", nameof(connectionString));
            }
        }

        values.TryGetValue("SharedAccessSignature", out var sas);
        sas = string.IsNullOrEmpty(sas) ? null : sas.TrimStart('?');
        if (key is null && sas is null)
        {
            throw new ArgumentException("The storage connection string needs an AccountKey or a SharedAccessSignature.", nameof(connectionString));
        }

        Uri blobEndpoint;
        if (values.TryGetValue("BlobEndpoint", out var explicitEndpoint) && explicitEndpoint.Length > 0)
        {
            if (!Uri.TryCreate(explicitEndpoint.TrimEnd('/'), UriKind.Absolute, out blobEndpoint!) || (blobEndpoint.Scheme != Uri.UriSchemeHttp && blobEndpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException("The storage connection string's BlobEndpoint is not an absolute http(s) URL.", nameof(connectionString));
            }
        }
        else
        {
            if (string.IsNullOrEmpty(accountName))
            {
                throw new ArgumentException("The storage connection string needs an AccountName or a BlobEndpoint.", nameof(connectionString));
            }

            var protocol = values.TryGetValue("DefaultEndpointsProtocol", out var p) && p.Length > 0 ? p.ToLowerInvariant() : "https";
            var suffix = values.TryGetValue("EndpointSuffix", out var s) && s.Length > 0 ? s : "core.windows.net";
            blobEndpoint = new Uri($"{protocol}://{accountName}.blob.{suffix}");
        }

        if (string.IsNullOrEmpty(accountName))
        {
            // Path-style endpoints (Azurite, custom domains) name the account in the first segment.
            var segments = blobEndpoint.AbsolutePath.Trim('/');
            accountName = segments.Length > 0 ? segments.Split('/')[0] : blobEndpoint.Host.Split('.')[0];
        }

        if (key is not null && string.IsNullOrEmpty(accountName))
        {
            throw new ArgumentException("The storage connection string needs an AccountName for Shared Key authorization.", nameof(connectionString));
        }

        return new AzureConnectionString(blobEndpoint, accountName, key, sas);
    }

    /// <summary>Hides the key and signature when logged.</summary>
    public override string ToString() => $"BlobEndpoint={BlobEndpoint};AccountName={AccountName};Auth={(AccountKey is not null ? "SharedKey" : "SAS")}";
}
