using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Publisher.Service.Tracker;

internal sealed partial class UdpTrackerService
{
    private static partial class Log
    {
        [LoggerMessage(TrackerEventIds.UdpListening, LogLevel.Information, "UDP tracker listening on {EndPoint}")]
        public static partial void Listening(ILogger logger, string endPoint);

        [LoggerMessage(TrackerEventIds.UdpDisabled, LogLevel.Information, "UDP tracker is off (Publisher:Tracker:UdpPort is 0)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(TrackerEventIds.UdpReceiveFailed, LogLevel.Debug, "UDP tracker receive failed: {Error}")]
        public static partial void ReceiveFailed(ILogger logger, SocketError error);

        [LoggerMessage(TrackerEventIds.UdpSendFailed, LogLevel.Debug, "UDP tracker send failed: {Error}")]
        public static partial void SendFailed(ILogger logger, SocketError error);

        [LoggerMessage(TrackerEventIds.UdpPacketFailed, LogLevel.Error, "UDP tracker failed on a datagram; it was dropped")]
        public static partial void PacketFailed(ILogger logger, Exception exception);
    }
}
