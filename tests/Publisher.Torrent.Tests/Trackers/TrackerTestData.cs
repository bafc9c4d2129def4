using Publisher.Torrent.Trackers;

namespace Publisher.Torrent.Tests.Trackers;

/// <summary>Requests and byte helpers shared by the tracker tests.</summary>
internal static class TrackerTestData
{
    /// <summary>An info hash with bytes that need percent-encoding (0x00, 0xFF, '&amp;', '%', ' ', '/', '?', '=') and some that do not.</summary>
    public static readonly byte[] InfoHash =
    [
        0x00, 0xFF, (byte)'&', (byte)'%', (byte)' ', (byte)'/', (byte)'?', (byte)'=', (byte)'A', (byte)'z',
        (byte)'-', (byte)'.', (byte)'_', (byte)'~', 0x80, 0x7F, (byte)'+', (byte)'#', 0x12, 0xAB,
    ];

    public static readonly byte[] PeerId = "-PB0001-abcdefghijkl"u8.ToArray();

    public static AnnounceRequest Request(TrackerEvent announceEvent = TrackerEvent.Started) => new()
    {
        InfoHash = InfoHash,
        PeerId = PeerId,
        Port = 6881,
        Uploaded = 1234,
        Downloaded = 5678,
        Left = 91011,
        Event = announceEvent,
        NumWant = 50,
        Key = 0xDEADBEEF,
    };

    /// <summary>Deterministic random mutations of <paramref name="valid"/>: flipped bytes, cut, duplicated and inserted ranges.</summary>
    public static IEnumerable<byte[]> Mutations(byte[] valid, int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var copy = new List<byte>(valid);
            var edits = random.Next(1, 4);
            for (var e = 0; e < edits && copy.Count > 0; e++)
            {
                var at = random.Next(copy.Count);
                switch (random.Next(4))
                {
                    case 0:
                        copy[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        copy.RemoveRange(at, Math.Min(random.Next(1, 8), copy.Count - at));
                        break;
                    case 2:
                        copy.InsertRange(at, copy.GetRange(at, Math.Min(random.Next(1, 8), copy.Count - at)));
                        break;
                    default:
                        copy.Insert(at, (byte)"0123456789:deli-"[random.Next(16)]);
                        break;
                }
            }

            yield return [.. copy];
        }
    }
}
