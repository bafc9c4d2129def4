namespace Publisher.Service.Savings;

/// <summary>
/// The body of <c>POST /api/telemetry</c>: one finished (or failed) download as a client saw it.
/// </summary>
/// <param name="InfoHash">The torrent: v1 info hash or v2 info hash (full or truncated), hex.</param>
/// <param name="BytesFromPeers">Payload bytes received from other peers.</param>
/// <param name="BytesFromOrigin">Payload bytes received from web seeds or the publisher's origin.</param>
/// <param name="DurationSeconds">How long the download took.</param>
/// <param name="Result"><c>completed</c>, <c>failed</c> or <c>cancelled</c>.</param>
internal sealed record TelemetryReport(string? InfoHash, long? BytesFromPeers, long? BytesFromOrigin, double? DurationSeconds, string? Result);
