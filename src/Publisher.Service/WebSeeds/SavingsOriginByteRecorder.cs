using Publisher.Service.Catalog;
using Publisher.Service.Savings;

namespace Publisher.Service.WebSeeds;

/// <summary>Counts web-seed bytes as the release's <see cref="CatalogCounter.OriginBytes"/> through the shared <see cref="SavingsRecorder"/>.</summary>
internal sealed class SavingsOriginByteRecorder : IOriginByteRecorder
{
    private readonly SavingsRecorder _savings;

    public SavingsOriginByteRecorder(SavingsRecorder savings)
    {
        _savings = savings;
    }

    public void Add(long releaseId, long bytes) => _savings.Add(releaseId, CatalogCounter.OriginBytes, bytes);
}
