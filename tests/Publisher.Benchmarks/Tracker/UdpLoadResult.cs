namespace Publisher.Benchmarks.Tracker;

/// <summary>Figures of one <see cref="UdpAnnounceLoad"/> run (p99 in milliseconds).</summary>
internal sealed record UdpLoadResult(double AnnouncesPerSecond, double P99Milliseconds, int Announces, int Errors, int Lost);
