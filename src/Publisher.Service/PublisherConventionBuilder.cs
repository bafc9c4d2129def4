using Microsoft.AspNetCore.Builder;

namespace Publisher.Service;

/// <summary>The endpoints <c>MapPublisher</c> mapped; a convention added here (auth, rate limits, CORS) applies to all of them.</summary>
public sealed class PublisherConventionBuilder : IEndpointConventionBuilder
{
    private readonly IReadOnlyList<IEndpointConventionBuilder> _builders;

    internal PublisherConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders)
    {
        _builders = builders;
    }

    /// <inheritdoc />
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in _builders)
        {
            builder.Add(convention);
        }
    }

    /// <inheritdoc />
    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in _builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
