using Publisher.Service.Catalog;

namespace Publisher.Service.Releases;

/// <summary>The outcome of <see cref="ReleasePublisher.PublishAsync"/>: the release, or why there is none.</summary>
internal sealed record PublishResult(PublishStatus Status, ReleaseRecord? Release, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static PublishResult Invalid(string field, string message) =>
        new(PublishStatus.Invalid, null, new Dictionary<string, string[]> { [field] = [message] });
}
