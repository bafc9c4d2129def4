using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.WebSeeds;

/// <summary>Maps an offload decision onto the picker's claim policy.</summary>
internal static class OffloadModeExtensions
{
    /// <summary>The claim policy for <paramref name="mode"/>, or null when the origin should fetch nothing.</summary>
    public static PieceClaimPolicy? ToClaimPolicy(this OffloadMode mode) => mode switch
    {
        OffloadMode.Idle => null,
        OffloadMode.UnavailableOnly => PieceClaimPolicy.UnavailableOnly,
        OffloadMode.TopUp or OffloadMode.FullSpeed => PieceClaimPolicy.UnavailableFirst,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown offload mode."),
    };
}
