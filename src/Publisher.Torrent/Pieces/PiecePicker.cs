namespace Publisher.Torrent.Pieces;

/// <summary>
/// Decides which blocks to request from which peer: deadline pieces first, then unfinished pieces, then new pieces
/// (random until <see cref="PiecePickerOptions.RandomFirstPieces"/> are complete, then rarest-first, or in order in
/// sequential mode), high-priority files before normal ones and skipped files never; and endgame duplicates once every
/// missing block is requested. Availability is counted from peers' bitfields, haves and have-alls. Thread-safe: the
/// read loops of many connections call it.
/// </summary>
internal sealed partial class PiecePicker : IPieceClaims
{
    private readonly Lock _gate = new();
    private readonly PiecePickerOptions _options;
    private readonly Random _random;
    private readonly int[] _availability;
    private int _seedCount;

    /// <summary>Wanted (priority above skip), not had, not started, not verifying: where new pieces come from.</summary>
    private readonly Bitfield _startable;
    private readonly Bitfield _high;
    private readonly Bitfield _wanted;
    private readonly Bitfield _verifying;
    private readonly FilePriority[] _priority;
    private readonly Dictionary<int, PartialPiece> _partials = [];
    private readonly List<PartialPiece> _partialOrder = [];
    private readonly Stack<PartialPiece> _pool = new();
    private readonly List<(long Deadline, int Piece)> _deadlines = [];
    private bool _sequential;

    public PiecePicker(long totalLength, int pieceLength, PiecePickerOptions? options = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceLength, ProtocolLimits.BlockLength);
        if (pieceLength % ProtocolLimits.BlockLength != 0)
        {
            throw new ArgumentException("The piece length must be a multiple of the 16 KiB block length.", nameof(pieceLength));
        }

        var pieceCount = (totalLength + pieceLength - 1) / pieceLength;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pieceCount, ProtocolLimits.MaxWirePieceCount, nameof(totalLength));
        _options = options ?? new PiecePickerOptions();
        _random = random ?? new Random();
        _sequential = _options.Sequential;
        TotalLength = totalLength;
        PieceLength = pieceLength;
        PieceCount = (int)pieceCount;
        _availability = new int[PieceCount];
        Have = new Bitfield(PieceCount);
        _startable = new Bitfield(PieceCount);
        _startable.SetAll();
        _wanted = new Bitfield(PieceCount);
        _wanted.SetAll();
        _high = new Bitfield(PieceCount);
        _verifying = new Bitfield(PieceCount);
        _priority = new FilePriority[PieceCount];
        Array.Fill(_priority, FilePriority.Normal);
    }

    public long TotalLength { get; }

    public int PieceLength { get; }

    public int PieceCount { get; }

    /// <summary>Verified pieces. Read it under no lock only from the thread that changes it, or copy via <see cref="CopyHave"/>.</summary>
    public Bitfield Have { get; }

    /// <summary>True when every wanted piece is verified.</summary>
    public bool IsComplete
    {
        get
        {
            lock (_gate)
            {
                return !_wanted.HasAnyNotIn(Have);
            }
        }
    }

    /// <summary>Pick pieces in index order (streaming) rather than rarest-first.</summary>
    public bool Sequential
    {
        get => Volatile.Read(ref _sequential);
        set => Volatile.Write(ref _sequential, value);
    }

    /// <summary>The length of <paramref name="piece"/> (the last one may be short).</summary>
    public int LengthOf(int piece) => piece == PieceCount - 1 ? (int)(TotalLength - ((long)piece * PieceLength)) : PieceLength;

    /// <summary>The number of 16 KiB blocks of <paramref name="piece"/>.</summary>
    public int BlockCountOf(int piece) => (LengthOf(piece) + ProtocolLimits.BlockLength - 1) / ProtocolLimits.BlockLength;

    /// <summary>The request for block <paramref name="block"/> of <paramref name="piece"/>.</summary>
    public BlockRequest BlockOf(int piece, int block)
    {
        var begin = block * ProtocolLimits.BlockLength;
        return new BlockRequest(piece, begin, Math.Min(ProtocolLimits.BlockLength, LengthOf(piece) - begin));
    }

    /// <summary>How many connected peers have <paramref name="piece"/>.</summary>
    public int AvailabilityOf(int piece)
    {
        lock (_gate)
        {
            return _availability[piece] + _seedCount;
        }
    }

    public void CopyHave(Bitfield destination)
    {
        lock (_gate)
        {
            destination.CopyFrom(Have);
        }
    }

    /// <summary>True when the peer (null: a seed) has a wanted piece we lack: send it interested.</summary>
    public bool WantsAnyOf(Bitfield? peerHas)
    {
        lock (_gate)
        {
            var wanted = _wanted.Words;
            var have = Have.Words;
            if (peerHas is null)
            {
                return _wanted.HasAnyNotIn(Have);
            }

            var theirs = peerHas.Words;
            for (var w = 0; w < wanted.Length; w++)
            {
                if ((theirs[w] & wanted[w] & ~have[w]) != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Marks pieces verified from resume data or a check, before downloading starts.</summary>
    public void SetHave(int piece)
    {
        lock (_gate)
        {
            MarkHave(piece);
        }
    }

    /// <summary>A peer's bitfield arrived (or the peer connected with one).</summary>
    public void PeerHasBitfield(Bitfield peerHas)
    {
        ArgumentNullException.ThrowIfNull(peerHas);
        lock (_gate)
        {
            AddAvailability(peerHas, +1);
        }
    }

    /// <summary>A peer sent have-all: it counts as one more copy of every piece.</summary>
    public void PeerHasAll()
    {
        lock (_gate)
        {
            _seedCount++;
        }
    }

    /// <summary>A peer sent have for <paramref name="piece"/>.</summary>
    public void PeerHasPiece(int piece)
    {
        lock (_gate)
        {
            _availability[piece]++;
        }
    }

    /// <summary>A peer left: remove its pieces (its bitfield, or one seed when <paramref name="wasSeed"/>).</summary>
    public void PeerLeft(Bitfield? peerHas, bool wasSeed)
    {
        lock (_gate)
        {
            if (wasSeed)
            {
                _seedCount--;
            }
            else if (peerHas is not null)
            {
                AddAvailability(peerHas, -1);
            }
        }
    }

    private void AddAvailability(Bitfield pieces, int delta)
    {
        var words = pieces.Words;
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            while (word != 0)
            {
                var bit = System.Numerics.BitOperations.LeadingZeroCount(word);
                _availability[(w << 6) + bit] += delta;
                word &= ~(1UL << (63 - bit));
            }
        }
    }

    private void MarkHave(int piece)
    {
        Have.Set(piece);
        _startable.Clear(piece);
        _verifying.Clear(piece);
        if (_partials.Remove(piece, out var partial))
        {
            _partialOrder.Remove(partial);
            _pool.Push(partial);
        }

        RemoveDeadline(piece);
    }
}
