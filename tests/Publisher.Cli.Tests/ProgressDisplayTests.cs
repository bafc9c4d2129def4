using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Storage;
using Xunit;

namespace Publisher.Cli.Tests;

public sealed class ProgressDisplayTests
{
    [Fact]
    public void Report_FasterThanTenTimesASecond_DrawsOnceThenTheEnd()
    {
        var time = new ManualTime();
        using var output = new StringWriter();
        var display = new ProgressDisplay(output, "hashing", time);

        display.Report(new TorrentCreationProgress(10_000_000, 40_000_000));
        time.Advance(TimeSpan.FromMilliseconds(50));
        display.Report(new TorrentCreationProgress(20_000_000, 40_000_000));
        time.Advance(TimeSpan.FromMilliseconds(950));
        display.Report(new TorrentCreationProgress(40_000_000, 40_000_000));
        display.Complete();

        var draws = output.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, draws.Length);
        Assert.Contains(" 25.0%", draws[0], StringComparison.Ordinal);
        Assert.Contains("100.0%", draws[1], StringComparison.Ordinal);
        Assert.Contains("40.0 MB/s", draws[1], StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_NoWriter_PrintsNothing()
    {
        using var display = new ProgressDisplay(null, "verifying", new ManualTime());

        display.Report(new VerificationProgress(1, 2));
        display.Complete();
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
