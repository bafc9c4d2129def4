using Publisher.Service.Catalog;
using Publisher.Service.Savings;

namespace Publisher.Service.Tests.Savings;

public sealed class SavingsFiguresTests
{
    [Fact]
    public void From_MeasuredAndReportedOrigin_TakesTheLargerPerReleaseAndDay()
    {
        CounterTotal[] counters =
        [
            new(1, 10, CatalogCounter.OriginBytes, 300),
            new(1, 10, CatalogCounter.ReportedOriginBytes, 100),
            new(1, 10, CatalogCounter.PeerBytes, 700),
            new(2, 10, CatalogCounter.ReportedOriginBytes, 500),
            new(2, 11, CatalogCounter.PeerBytes, 500),
            new(2, 11, CatalogCounter.CompletedDownloads, 2),
            new(2, 11, CatalogCounter.FailedDownloads, 1),
        ];

        var figures = SavingsFigures.From(counters);

        Assert.Equal(800, figures.OriginBytes);
        Assert.Equal(1200, figures.PeerBytes);
        Assert.Equal(2000, figures.DeliveredBytes);
        Assert.Equal(0.6, figures.Savings);
        Assert.Equal(2, figures.CompletedDownloads);
        Assert.Equal(1, figures.FailedDownloads);
    }

    [Fact]
    public void From_AnnouncedUploads_CountAsPeerBytesOnlyWhereLargerThanTelemetry()
    {
        CounterTotal[] counters =
        [
            new(1, 10, CatalogCounter.OriginBytes, 100),
            new(1, 10, CatalogCounter.PeerBytes, 400),
            new(1, 10, CatalogCounter.AnnouncedUploaded, 250),
            new(1, 10, CatalogCounter.AnnouncedDownloaded, 350),
            new(1, 11, CatalogCounter.AnnouncedUploaded, 600),
            new(1, 11, CatalogCounter.AnnouncedDownloaded, 700),
            new(1, 11, CatalogCounter.OriginBytes, 100),
        ];

        var figures = SavingsFigures.From(counters);

        Assert.Equal(200, figures.OriginBytes);
        Assert.Equal(400 + 600, figures.PeerBytes);
        Assert.Equal(850, figures.AnnouncedUploadedBytes);
        Assert.Equal(1050, figures.AnnouncedDownloadedBytes);
        Assert.Equal(1200, figures.DeliveredBytes);
        Assert.Equal(Math.Round(1 - (200.0 / 1200), 6), figures.Savings);
    }

    [Fact]
    public void From_SeedUploads_CountAsPeerBytesAndEverySourceIsGivenAsIs()
    {
        CounterTotal[] counters =
        [
            new(1, 10, CatalogCounter.OriginBytes, 100),
            new(1, 10, CatalogCounter.ReportedOriginBytes, 80),
            new(1, 10, CatalogCounter.PeerBytes, 300),
            new(1, 10, CatalogCounter.AnnouncedUploaded, 200),
            new(1, 10, CatalogCounter.SeedUploaded, 500),
            new(2, 10, CatalogCounter.PeerBytes, 50),
            new(2, 10, CatalogCounter.SeedUploaded, 20),
        ];

        var figures = SavingsFigures.From(counters);

        // Release 1: the seed's 500 is the best lower bound; release 2: the clients' 50.
        Assert.Equal(500 + 50, figures.PeerBytes);
        Assert.Equal(100, figures.OriginBytes);
        Assert.Equal(520, figures.SeedUploadedBytes);
        Assert.Equal(100, figures.MeasuredOriginBytes);
        Assert.Equal(80, figures.ReportedOriginBytes);
        Assert.Equal(350, figures.ReportedPeerBytes);
        Assert.Equal(200, figures.AnnouncedUploadedBytes);
    }

    [Fact]
    public void From_NothingDelivered_HasNoSavingsFigure()
    {
        Assert.Null(SavingsFigures.From([]).Savings);
    }
}
