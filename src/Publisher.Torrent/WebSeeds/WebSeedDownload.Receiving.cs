namespace Publisher.Torrent.WebSeeds;

/// <content>Judging and writing each piece of a run the moment its last byte arrives, while it is still in cache.</content>
internal sealed partial class WebSeedDownload
{
    /// <summary>
    /// One worker's <see cref="IWebSeedReceiver"/>: hashes the bytes of its current run as they land and writes every
    /// piece that matches its hash at once (unless another holder of the run wrote it first). Pieces that fail are left
    /// for <see cref="FetchRunAsync"/> to deal with when the fetch ends. A write that fails is not the seed's fault:
    /// it leaves the fetch as a <see cref="WebSeedWriteException"/>, which no retry policy handles.
    /// </summary>
    private sealed class RunReceiver(WebSeedDownload download) : IWebSeedReceiver, IDisposable
    {
        private readonly WebSeedPieceHasher _hasher = new(download._torrent);
        private byte[] _buffer = [];
        private bool[] _written = [];
        private int _firstPiece;
        private int _pieceCount;
        private int _handled;

        /// <summary>Pieces of the run judged so far (from its first).</summary>
        public int PiecesJudged => _hasher.PiecesJudged;

        public void Begin(int firstPiece, int pieceCount, byte[] buffer)
        {
            _hasher.Begin(firstPiece, pieceCount, buffer);
            _buffer = buffer;
            _firstPiece = firstPiece;
            _pieceCount = pieceCount;
            _handled = 0;
            if (_written.Length < pieceCount)
            {
                _written = new bool[pieceCount];
            }

            Array.Clear(_written, 0, pieceCount);
        }

        /// <summary>Whether piece <paramref name="index"/> of the run matched its hash; only for judged pieces.</summary>
        public bool IsGood(int index) => _hasher.IsGood(index);

        /// <summary>Whether this receiver wrote piece <paramref name="index"/> of the run.</summary>
        public bool Wrote(int index) => _written[index];

        public void Restart(int position)
        {
            _hasher.Restart(position);
            _handled = Math.Min(_handled, _hasher.PiecesJudged);
        }

        public async ValueTask FilledAsync(int start, int end, CancellationToken cancellationToken)
        {
            _hasher.Filled(start, end);
            while (_handled < _hasher.PiecesJudged)
            {
                var index = _handled++;
                var piece = _firstPiece + index;
                if (_written[index] || !_hasher.IsGood(index) || Interlocked.Exchange(ref download._pieceDone[piece], 1) != 0)
                {
                    continue;
                }

                // Claimed: the write must happen, so it does not stop for the attempt's cancellation.
                var size = download._torrent.GetPieceSize(piece);
                var position = index * download._torrent.PieceLength;
                try
                {
                    await download._writer.WriteAsync((long)piece * download._torrent.PieceLength, _buffer.AsMemory(position, size), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    throw new WebSeedWriteException(error);
                }

                _written[index] = true;
                download.CountVerified(size);
            }
        }

        public void Dispose() => _hasher.Dispose();
    }
}
