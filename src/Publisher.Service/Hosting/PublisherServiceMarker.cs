namespace Publisher.Service.Hosting;

/// <summary>Registered once by AddPublisherService so a second call changes nothing.</summary>
internal sealed class PublisherServiceMarker
{
}
