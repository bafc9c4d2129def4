using Publisher.Torrent.Wire;
using Xunit;

namespace Publisher.Torrent.Tests.Wire;

public sealed class RateMeterTests
{
    [Fact]
    public void Sample_SteadyThenIdle_AveragesAndDecays()
    {
        var time = new ManualTimeProvider();
        var meter = new RateMeter(time.GetTimestamp());
        meter.Add(1000);
        time.Advance(TimeSpan.FromSeconds(1));
        meter.Sample(time.GetTimestamp(), time);
        Assert.Equal(1000, meter.BytesPerSecond);

        meter.Add(3000);
        time.Advance(TimeSpan.FromSeconds(1));
        meter.Sample(time.GetTimestamp(), time);
        Assert.Equal(2000, meter.BytesPerSecond);

        time.Advance(TimeSpan.FromSeconds(1));
        meter.Sample(time.GetTimestamp(), time);
        Assert.Equal(1000, meter.BytesPerSecond);
        Assert.Equal(4000, meter.Total);

        // One late sample covering three seconds decays as much as three samples would.
        time.Advance(TimeSpan.FromSeconds(3));
        meter.Sample(time.GetTimestamp(), time);
        Assert.Equal(125, meter.BytesPerSecond, precision: 6);
    }
}
