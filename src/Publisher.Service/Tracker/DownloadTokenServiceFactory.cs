using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Tracker;

/// <summary>Builds the <see cref="DownloadTokenService"/> from <see cref="TrackerOptions.TokenSigningKey"/>, or an ephemeral key.</summary>
internal static partial class DownloadTokenServiceFactory
{
    public static DownloadTokenService Create(IOptions<TrackerOptions> options, TimeProvider timeProvider, ILogger logger)
    {
        var configured = options.Value.TokenSigningKey;
        if (configured is not null)
        {
            return new DownloadTokenService(Convert.FromBase64String(configured), timeProvider);
        }

        Log.EphemeralSigningKey(logger);
        return new DownloadTokenService(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), timeProvider);
    }

    private static partial class Log
    {
        [LoggerMessage(TrackerEventIds.EphemeralSigningKey, LogLevel.Information, "No Publisher:Tracker:TokenSigningKey configured: download tokens are signed with a key that lasts until this process exits")]
        public static partial void EphemeralSigningKey(ILogger logger);
    }
}
