using Publisher.Torrent.Bencoding;

namespace Publisher.Torrent.Trackers;

internal static partial class HttpTrackerResponse
{
    private static Key KeyOf(ref BencodeReader reader)
    {
        var key = reader.ValueSpan;
        return key switch
        {
            _ when key.SequenceEqual("failure reason"u8) => Key.FailureReason,
            _ when key.SequenceEqual("warning message"u8) => Key.WarningMessage,
            _ when key.SequenceEqual("tracker id"u8) => Key.TrackerId,
            _ when key.SequenceEqual("interval"u8) => Key.Interval,
            _ when key.SequenceEqual("min interval"u8) => Key.MinInterval,
            _ when key.SequenceEqual("complete"u8) => Key.Complete,
            _ when key.SequenceEqual("incomplete"u8) => Key.Incomplete,
            _ when key.SequenceEqual("downloaded"u8) => Key.Downloaded,
            _ when key.SequenceEqual("peers"u8) => Key.Peers,
            _ when key.SequenceEqual("peers6"u8) => Key.Peers6,
            _ when key.SequenceEqual("files"u8) => Key.Files,
            _ when key.SequenceEqual("ip"u8) => Key.Ip,
            _ when key.SequenceEqual("port"u8) => Key.Port,
            _ when key.SequenceEqual("peer id"u8) => Key.PeerId,
            _ => Key.Other,
        };
    }

    private enum Key
    {
        Other,
        FailureReason,
        WarningMessage,
        TrackerId,
        Interval,
        MinInterval,
        Complete,
        Incomplete,
        Downloaded,
        Peers,
        Peers6,
        Files,
        Ip,
        Port,
        PeerId,
    }
}
