namespace Publisher.Service.Savings;

/// <summary>One day's figures (UTC date, yyyy-MM-dd).</summary>
internal sealed record DayStats(string Date, SavingsFigures Figures);
