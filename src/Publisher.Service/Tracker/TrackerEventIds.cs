namespace Publisher.Service.Tracker;

/// <summary>Log event ids of the tracker (range 4000-4099).</summary>
internal static class TrackerEventIds
{
    public const int RequestRefused = 4000;
    public const int UdpListening = 4010;
    public const int UdpReceiveFailed = 4011;
    public const int UdpPacketFailed = 4012;
    public const int UdpSendFailed = 4013;
    public const int UdpDisabled = 4014;
    public const int Swept = 4020;
    public const int SweepFailed = 4021;
    public const int EphemeralSigningKey = 4030;
}
