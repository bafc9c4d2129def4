using System.Collections.Concurrent;
using Publisher.Service.WebSeeds;

namespace Publisher.Service.Tests.WebSeeds;

/// <summary>Sums what the web seed reports per release, for assertions.</summary>
internal sealed class CountingOriginByteRecorder : IOriginByteRecorder
{
    private readonly ConcurrentDictionary<long, long> _totals = new();

    public void Add(long releaseId, long bytes) => _totals.AddOrUpdate(releaseId, bytes, (_, total) => total + bytes);

    public long Total(long releaseId) => _totals.GetValueOrDefault(releaseId);
}
