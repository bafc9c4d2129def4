namespace Publisher.Service.Savings;

/// <summary>The body of <c>GET /api/stats</c>: totals, per day, per release.</summary>
internal sealed record StatsResponse(string From, string To, SavingsFigures Totals, IReadOnlyList<DayStats> Days, IReadOnlyList<ReleaseStats> Releases);
