namespace Publisher.Cli;

/// <summary>What <c>publisher publish</c> was asked to publish.</summary>
internal sealed record PublishOptions(string Source, string Product, string Version, string? Channel, string? Notes)
{
    /// <summary>Whether the files may be written straight into the service's staging folder when it offers one (see <c>--no-local</c>).</summary>
    public bool AllowLocal { get; init; } = true;
}
