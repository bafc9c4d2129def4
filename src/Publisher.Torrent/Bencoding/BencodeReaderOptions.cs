namespace Publisher.Torrent.Bencoding;

/// <summary>How strictly <see cref="BencodeReader"/> and <see cref="BencodeDecoder"/> read input.</summary>
public sealed record BencodeReaderOptions
{
    private readonly int _maxDepth = ProtocolLimits.MaxBencodeDepth;

    /// <summary>Strict canonical bencode: keys sorted and unique. The default.</summary>
    public static BencodeReaderOptions Strict { get; } = new();

    /// <summary>
    /// Accepts dictionaries whose keys are not sorted, as some real-world torrent creators write them.
    /// Duplicate keys are still rejected. Original bytes are kept, so info hashes stay right.
    /// </summary>
    public static BencodeReaderOptions Lenient { get; } = new() { AllowUnsortedKeys = true };

    /// <summary>Accept dictionary keys out of order (default <see langword="false"/>).</summary>
    public bool AllowUnsortedKeys { get; init; }

    /// <summary>
    /// Deepest nesting of lists and dictionaries accepted; 1 to <see cref="ProtocolLimits.MaxBencodeDepth"/>
    /// (the default).
    /// </summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ProtocolLimits.MaxBencodeDepth);
            _maxDepth = value;
        }
    }
}
