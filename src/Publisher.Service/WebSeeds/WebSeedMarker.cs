namespace Publisher.Service.WebSeeds;

/// <summary>Registered once by <c>AddPublisherWebSeed()</c> so a second call changes nothing.</summary>
internal sealed class WebSeedMarker;
