using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Publisher.Storage;

namespace Publisher.Service.Seeding;

internal sealed partial class ReleaseSeeder
{
    private static partial class Log
    {
        [LoggerMessage(SeedingEventIds.Listening, LogLevel.Information, "Seeding published releases on {EndPoint}")]
        public static partial void Listening(ILogger logger, string endPoint);

        [LoggerMessage(SeedingEventIds.Disabled, LogLevel.Information, "Seeding is off (Publisher:Seeding:Enabled is false)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(SeedingEventIds.RemoteStore, LogLevel.Information,
            "Seeding is skipped: the blob store is {Kind}, not on this machine; clients get the payload from peers and the web seed")]
        public static partial void RemoteStore(ILogger logger, BlobStoreKind kind);

        [LoggerMessage(SeedingEventIds.ListenFailed, LogLevel.Warning,
            "Seeding is off: cannot listen on {EndPoint} ({Error}); set Publisher:Seeding:Port to a free port (0 picks one)")]
        public static partial void ListenFailed(ILogger logger, string endPoint, SocketError error);

        [LoggerMessage(SeedingEventIds.ReleaseSeeding, LogLevel.Information, "Seeding release {Id} ({Product} {Version}; trusted seed: {Trusted})")]
        public static partial void ReleaseSeeding(ILogger logger, long id, string product, string version, bool trusted);

        [LoggerMessage(SeedingEventIds.ReleaseStopped, LogLevel.Information, "Stopped seeding release {Id} (yanked or no longer among the newest)")]
        public static partial void ReleaseStopped(ILogger logger, long id);

        [LoggerMessage(SeedingEventIds.PayloadIncomplete, LogLevel.Warning,
            "Release {Id} is not seeded yet: its payload is not complete in the local blob store ({Key} is missing or of the wrong length)")]
        public static partial void PayloadIncomplete(ILogger logger, long id, string key);

        [LoggerMessage(SeedingEventIds.TorrentUnreadable, LogLevel.Warning, "Release {Id} is not seeded: its stored torrent cannot be read ({Reason})")]
        public static partial void TorrentUnreadable(ILogger logger, long id, string reason);

        [LoggerMessage(SeedingEventIds.ReleaseFailed, LogLevel.Warning, "Release {Id} is not seeded: its payload is {State} ({Reason})")]
        public static partial void ReleaseFailed(ILogger logger, long id, string state, string reason);

        [LoggerMessage(SeedingEventIds.SyncFailed, LogLevel.Warning, "Could not read the catalogue to update what is seeded; the seed keeps what it runs")]
        public static partial void SyncFailed(ILogger logger, Exception exception);
    }
}
