namespace Publisher.Service.Catalog;

/// <summary>The outcome of publishing: the new release, or why nothing was published.</summary>
internal sealed record CreateReleaseResult(CreateReleaseStatus Status, ReleaseRecord? Release);
