using System.Net;
using Microsoft.Extensions.Logging;

namespace Publisher.Torrent.Wire;

/// <content>Logging. The wire layer uses event ids 3100-3199.</content>
internal sealed partial class PeerConnection
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Peer {RemoteEndPoint} closed: {Reason} ({Detail})")]
        public static partial void Closed(ILogger logger, EndPoint? remoteEndPoint, PeerCloseReason reason, string? detail);

        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Peer {RemoteEndPoint} broke the wire protocol ({Violation}): {Detail}")]
        public static partial void Violation(ILogger logger, EndPoint? remoteEndPoint, WireViolation violation, string? detail);
    }
}
