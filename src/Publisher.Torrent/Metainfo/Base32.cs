namespace Publisher.Torrent.Metainfo;

/// <summary>RFC 4648 base32 (A-Z, 2-7, no padding), as magnet links use for 20-byte info hashes.</summary>
internal static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Decodes unpadded base32 (either case) whose length is a multiple of 8 characters.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.Length % 8 != 0 || destination.Length < text.Length / 8 * 5)
        {
            return false;
        }

        var buffer = 0UL;
        var bits = 0;
        foreach (var c in text)
        {
            int value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | (uint)value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                destination[written++] = (byte)(buffer >> bits);
            }
        }

        return true;
    }

    /// <summary>Encodes as upper-case unpadded base32 (length must be a multiple of 5 bytes).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 5 != 0)
        {
            throw new ArgumentException("Only multiples of 5 bytes are encoded without padding.", nameof(bytes));
        }

        var chars = new char[bytes.Length / 5 * 8];
        var index = 0;
        var buffer = 0UL;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(int)((buffer >> bits) & 31)];
            }
        }

        return new string(chars);
    }
}
