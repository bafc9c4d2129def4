namespace Publisher.Cli;

/// <summary>What <c>publisher publish</c> was asked to publish.</summary>
internal sealed record PublishOptions(string Source, string Product, string Version, string? Channel, string? Notes);
