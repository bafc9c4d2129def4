using Publisher.Torrent.Engine;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_Unlimited_NeverWaits()
    {
        var bucket = new TokenBucket(0, new ManualClock());
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.TryTake(1 << 20));
        }

        Assert.True(bucket.HasTokens);
    }

    [Fact]
    public void TryTake_BeyondOneSecondOfRate_WaitsForTheClock()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(100_000, clock);
        Assert.Equal(TimeSpan.Zero, bucket.TryTake(60_000));
        var wait = bucket.TryTake(60_000);
        Assert.True(wait > TimeSpan.Zero && wait <= TimeSpan.FromSeconds(0.21), $"waited {wait}");
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(TimeSpan.Zero, bucket.TryTake(60_000));
    }

    [Fact]
    public void Consume_GoesIntoDebt_UntilRefilled()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(10_000, clock);
        bucket.Consume(30_000);
        Assert.False(bucket.HasTokens);
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(bucket.HasTokens);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(bucket.HasTokens);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
