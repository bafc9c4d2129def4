using System.Buffers;
using System.Buffers.Binary;

namespace Publisher.Torrent.Wire;

/// <summary>
/// The fixed part of BEP 52 hash request, hashes and hash reject messages: the file's pieces root, the base layer
/// (0 = leaves), the index of the first hash, the number of hashes, and the number of proof layers.
/// </summary>
internal readonly record struct HashRequest(ReadOnlyMemory<byte> PiecesRoot, int BaseLayer, int Index, int Length, int ProofLayers)
{
    /// <summary>The length of a SHA-256 pieces root.</summary>
    public const int RootLength = 32;

    /// <summary>True when the numbers are ones we serve or accept: base and proof layers at most 64, 1 to 512 hashes.</summary>
    public bool IsWithinLimits =>
        BaseLayer is >= 0 and < ProtocolLimits.MaxHashProofLayers
        && ProofLayers is >= 0 and <= ProtocolLimits.MaxHashProofLayers
        && Length is >= 1 and <= ProtocolLimits.MaxHashRequestLength
        && Index >= 0;

    /// <summary>Reads the numbers of a hash message payload (the root is not copied: <see cref="PiecesRoot"/> stays empty).</summary>
    public static bool TryRead(ReadOnlySequence<byte> payload, out HashRequest request)
    {
        request = default;
        if (payload.Length < ProtocolLimits.HashRequestPayloadLength)
        {
            return false;
        }

        Span<byte> numbers = stackalloc byte[16];
        payload.Slice(RootLength, 16).CopyTo(numbers);
        var baseLayer = BinaryPrimitives.ReadUInt32BigEndian(numbers);
        var index = BinaryPrimitives.ReadUInt32BigEndian(numbers[4..]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(numbers[8..]);
        var proofLayers = BinaryPrimitives.ReadUInt32BigEndian(numbers[12..]);
        if (baseLayer > int.MaxValue || index > int.MaxValue || length > int.MaxValue || proofLayers > int.MaxValue)
        {
            return false;
        }

        request = new HashRequest(default, (int)baseLayer, (int)index, (int)length, (int)proofLayers);
        return true;
    }

    /// <summary>Copies the pieces root of a hash message payload into <paramref name="destination"/> (32 bytes).</summary>
    public static void CopyRoot(ReadOnlySequence<byte> payload, Span<byte> destination) => payload.Slice(0, RootLength).CopyTo(destination);

    /// <summary>Writes the 48-byte payload of this request (root, base layer, index, length, proof layers).</summary>
    public int WritePayload(Span<byte> destination)
    {
        if (PiecesRoot.Length != RootLength)
        {
            throw new InvalidOperationException("A hash request needs a 32-byte pieces root.");
        }

        PiecesRoot.Span.CopyTo(destination);
        BinaryPrimitives.WriteInt32BigEndian(destination[32..], BaseLayer);
        BinaryPrimitives.WriteInt32BigEndian(destination[36..], Index);
        BinaryPrimitives.WriteInt32BigEndian(destination[40..], Length);
        BinaryPrimitives.WriteInt32BigEndian(destination[44..], ProofLayers);
        return ProtocolLimits.HashRequestPayloadLength;
    }
}
