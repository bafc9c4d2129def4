using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Hosting;

/// <summary>Takes the catalogue's connection string from <c>ConnectionStrings:Catalog</c> when the section does not set one.</summary>
internal sealed class CatalogConnectionStringSetup : IPostConfigureOptions<PublisherOptions>
{
    /// <summary>The name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Catalog";

    private readonly IConfiguration? _configuration;

    public CatalogConnectionStringSetup(IConfiguration? configuration = null)
    {
        _configuration = configuration;
    }

    public void PostConfigure(string? name, PublisherOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Catalog.ConnectionString))
        {
            options.Catalog.ConnectionString = _configuration?.GetConnectionString(ConnectionStringName);
        }
    }
}
