using System.Buffers.Binary;
using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Storage;

/// <summary>
/// The resume file: which pieces were verified and written to disk. Layout: the 8 ASCII bytes <c>PBRESUM1</c>, the
/// 20-byte wire info hash, the piece count (4 bytes big-endian), then the bitfield in wire order. Saved atomically
/// (a temporary file flushed to disk, then renamed over the old one), so a crash leaves the previous or the next
/// version, never half of one. A file that does not match the torrent reads as no resume data.
/// </summary>
internal static class ResumeData
{
    private const int HeaderLength = 8 + 20 + 4;

    private static ReadOnlySpan<byte> Magic => "PBRESUM1"u8;

    /// <summary>Writes <paramref name="verified"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, ReadOnlySpan<byte> infoHash, Bitfield verified)
    {
        var bytes = new byte[HeaderLength + verified.WireLength];
        Magic.CopyTo(bytes);
        infoHash[..20].CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(28), verified.Length);
        verified.WriteTo(bytes.AsSpan(HeaderLength));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads the verified pieces recorded in <paramref name="path"/> into <paramref name="verified"/>; false (and
    /// <paramref name="verified"/> untouched) when there is no file or it is damaged or for another torrent.
    /// </summary>
    public static bool TryLoad(string path, ReadOnlySpan<byte> infoHash, Bitfield verified)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > ProtocolLimits.MaxResumeFileLength)
            {
                return false;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        if (bytes.Length != HeaderLength + verified.WireLength
            || !bytes.AsSpan(0, 8).SequenceEqual(Magic)
            || !bytes.AsSpan(8, 20).SequenceEqual(infoHash[..20])
            || BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(28)) != verified.Length)
        {
            return false;
        }

        var scratch = new Bitfield(verified.Length);
        if (!scratch.TryReadFrom(bytes.AsSpan(HeaderLength)))
        {
            return false;
        }

        verified.CopyFrom(scratch);
        return true;
    }
}
