namespace Publisher.Service.Savings;

/// <summary>One release's figures over the period.</summary>
internal sealed record ReleaseStats(long Id, string Product, string Version, string Channel, SavingsFigures Figures);
