using System.Buffers;

namespace Publisher.Torrent.Tests.Wire;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s so parsers see data split the way a socket delivers it.</summary>
internal static class SequenceBuilder
{
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        if (cuts.Length == 0)
        {
            return new ReadOnlySequence<byte>(data);
        }

        Segment? first = null;
        Segment? last = null;
        var start = 0;
        foreach (var cut in cuts.Append(data.Length))
        {
            var segment = new Segment(data.AsMemory(start, cut - start));
            if (first is null)
            {
                first = segment;
            }
            else
            {
                last!.Append(segment);
            }

            last = segment;
            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory)
        {
            Memory = memory;
        }

        public void Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
