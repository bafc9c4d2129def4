using Microsoft.Extensions.Options;

namespace Publisher.Service.Hosting;

/// <summary>Checks <see cref="PublisherOptions"/> once at start-up, naming the configuration key at fault.</summary>
internal sealed class PublisherOptionsValidator : IValidateOptions<PublisherOptions>
{
    /// <summary>The shortest bootstrap API key accepted: anything shorter is guessable.</summary>
    internal const int MinBootstrapKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, PublisherOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Publisher:DataDirectory must name a directory.");
        }

        if (options.PublicUrl is { } url
            && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment)))
        {
            failures.Add($"Publisher:PublicUrl must be an absolute http or https URL without query or fragment (got '{url}').");
        }

        if (options.BootstrapApiKey is { } key && (key.Length < MinBootstrapKeyLength || key.Any(char.IsWhiteSpace)))
        {
            failures.Add($"Publisher:BootstrapApiKey must be at least {MinBootstrapKeyLength} characters without spaces.");
        }

        if (!Enum.IsDefined(options.Catalog.Provider))
        {
            failures.Add("Publisher:Catalog:Provider must be Sqlite or PostgreSQL.");
        }

        if (options.Catalog.Provider == CatalogProvider.PostgreSQL && string.IsNullOrWhiteSpace(options.Catalog.ConnectionString))
        {
            failures.Add("Publisher:Catalog:Provider is PostgreSQL but no connection string is set (ConnectionStrings:Catalog).");
        }

        if (options.Catalog.RefreshSeconds < 1)
        {
            failures.Add("Publisher:Catalog:RefreshSeconds must be at least 1.");
        }

        if (options.Releases.MaxTorrentBytes <= 0 || options.Releases.MaxUploadBytes <= 0 || options.Releases.MaxNotesLength < 0)
        {
            failures.Add("Publisher:Releases limits must be positive.");
        }

        if (options.Releases.MaxTorrentBytes > Publisher.Torrent.ProtocolLimits.MaxTorrentFileBytes)
        {
            failures.Add($"Publisher:Releases:MaxTorrentBytes must be at most {Publisher.Torrent.ProtocolLimits.MaxTorrentFileBytes} (the parser's limit).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
