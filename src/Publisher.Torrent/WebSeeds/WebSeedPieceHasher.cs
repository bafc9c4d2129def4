using System.Security.Cryptography;
using Publisher.Torrent.Metainfo;

namespace Publisher.Torrent.WebSeeds;

/// <summary>
/// SHA-1 of each piece of a run (v1 and hybrid torrents), fed chunk by chunk as the bytes arrive from the web seed
/// (through an <see cref="IWebSeedReceiver"/>), so a piece is judged the moment its last byte lands, while it is still
/// in cache. A retried attempt rewinds: the piece it restarts in is hashed again from the bytes already in the buffer.
/// One per worker, reused run after run; not thread-safe.
/// </summary>
internal sealed class WebSeedPieceHasher : IDisposable
{
    private readonly TorrentInfo _torrent;
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private byte[] _buffer = [];
    private bool[] _good = [];
    private int _firstPiece;
    private int _pieceCount;
    private int _hashed;
    private int _piece;
    private int _pieceStart;

    public WebSeedPieceHasher(TorrentInfo torrent)
    {
        ArgumentNullException.ThrowIfNull(torrent);
        if (!CanHash(torrent))
        {
            throw new ArgumentException("Only torrents with v1 piece hashes are verified incrementally.", nameof(torrent));
        }

        _torrent = torrent;
    }

    /// <summary>Pieces of the current run judged so far (in order from its first).</summary>
    public int PiecesJudged => _piece;

    /// <summary>True when the torrent has v1 (SHA-1) piece hashes.</summary>
    public static bool CanHash(TorrentInfo torrent) => !torrent.PieceHashesV1.IsEmpty;

    /// <summary>Starts on a run of <paramref name="pieceCount"/> pieces from <paramref name="firstPiece"/>, received into <paramref name="buffer"/> from offset 0.</summary>
    public void Begin(int firstPiece, int pieceCount, byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _firstPiece = firstPiece;
        _pieceCount = pieceCount;
        _buffer = buffer;
        if (_good.Length < pieceCount)
        {
            _good = new bool[pieceCount];
        }

        Rewind(0);
    }

    /// <summary>Whether piece <paramref name="index"/> of the run (0 = its first) matched its hash; only for judged pieces.</summary>
    public bool IsGood(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _piece);
        return _good[index];
    }

    /// <summary>Bytes from <paramref name="position"/> on will arrive again: forget what was judged from there.</summary>
    public void Restart(int position)
    {
        if (position < _hashed)
        {
            Rewind(position);
        }
    }

    /// <summary>Hashes bytes up to <paramref name="end"/> (those before <paramref name="start"/> are already in) and judges every piece they complete.</summary>
    public void Filled(int start, int end)
    {
        if (start > _hashed)
        {
            throw new InvalidOperationException($"Bytes {_hashed}-{start} of the run were skipped.");
        }

        Span<byte> digest = stackalloc byte[InfoHash.V1Length];
        var position = _hashed;
        while (position < end && _piece < _pieceCount)
        {
            var pieceEnd = _pieceStart + _torrent.GetPieceSize(_firstPiece + _piece);
            var take = Math.Min(end, pieceEnd) - position;
            _sha1.AppendData(_buffer, position, take);
            position += take;
            if (position == pieceEnd)
            {
                _sha1.GetHashAndReset(digest);
                _good[_piece] = digest.SequenceEqual(_torrent.GetPieceHashV1(_firstPiece + _piece));
                _piece++;
                _pieceStart = pieceEnd;
            }
        }

        _hashed = position;
    }

    public void Dispose() => _sha1.Dispose();

    /// <summary>Forgets everything from <paramref name="position"/> on and hashes again the part of its piece before it.</summary>
    private void Rewind(int position)
    {
        Span<byte> discard = stackalloc byte[InfoHash.V1Length];
        _sha1.GetHashAndReset(discard);
        _piece = position / _torrent.PieceLength;
        _pieceStart = _piece * _torrent.PieceLength;
        if (position > _pieceStart)
        {
            _sha1.AppendData(_buffer, _pieceStart, position - _pieceStart);
        }

        _hashed = position;
    }
}
