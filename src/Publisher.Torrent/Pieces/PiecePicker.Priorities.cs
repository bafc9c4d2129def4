namespace Publisher.Torrent.Pieces;

/// <content>File priorities and deadlines.</content>
internal sealed partial class PiecePicker
{
    /// <summary>The priority of <paramref name="piece"/>.</summary>
    public FilePriority PriorityOf(int piece)
    {
        lock (_gate)
        {
            return _priority[piece];
        }
    }

    /// <summary>
    /// Maps file priorities onto pieces: each piece gets the highest priority of the files it overlaps, so a piece
    /// shared by a skipped and a wanted file is still fetched. <paramref name="fileOffsets"/> and
    /// <paramref name="fileLengths"/> are the files' byte ranges in the torrent (pad files included or not).
    /// </summary>
    public void SetFilePriorities(ReadOnlySpan<long> fileOffsets, ReadOnlySpan<long> fileLengths, ReadOnlySpan<FilePriority> priorities)
    {
        if (fileOffsets.Length != fileLengths.Length || fileOffsets.Length != priorities.Length)
        {
            throw new ArgumentException("One offset, length and priority per file.", nameof(priorities));
        }

        lock (_gate)
        {
            Array.Fill(_priority, FilePriority.Skip);
            for (var f = 0; f < fileOffsets.Length; f++)
            {
                var offset = fileOffsets[f];
                var length = fileLengths[f];
                if (length <= 0)
                {
                    continue;
                }

                if (offset < 0 || offset + length > TotalLength)
                {
                    throw new ArgumentOutOfRangeException(nameof(fileOffsets), "A file lies outside the torrent.");
                }

                var first = (int)(offset / PieceLength);
                var last = (int)((offset + length - 1) / PieceLength);
                for (var piece = first; piece <= last; piece++)
                {
                    if (priorities[f] > _priority[piece])
                    {
                        _priority[piece] = priorities[f];
                    }
                }
            }

            RebuildMasks();
        }
    }

    /// <summary>Sets one piece's priority directly.</summary>
    public void SetPiecePriority(int piece, FilePriority priority)
    {
        lock (_gate)
        {
            _priority[piece] = priority;
            RebuildMasks();
        }
    }

    /// <summary>
    /// Gives <paramref name="piece"/> a deadline (any increasing clock, e.g. <see cref="TimeProvider.GetTimestamp"/>):
    /// pieces with deadlines are picked before all others, earliest first (streaming).
    /// </summary>
    public void SetDeadline(int piece, long deadline)
    {
        lock (_gate)
        {
            RemoveDeadline(piece);
            if (Have[piece])
            {
                return;
            }

            var at = 0;
            while (at < _deadlines.Count && _deadlines[at].Deadline <= deadline)
            {
                at++;
            }

            _deadlines.Insert(at, (deadline, piece));
        }
    }

    public void ClearDeadline(int piece)
    {
        lock (_gate)
        {
            RemoveDeadline(piece);
        }
    }

    private void RemoveDeadline(int piece)
    {
        for (var i = 0; i < _deadlines.Count; i++)
        {
            if (_deadlines[i].Piece == piece)
            {
                _deadlines.RemoveAt(i);
                return;
            }
        }
    }

    private void RebuildMasks()
    {
        _wanted.ClearAll();
        _high.ClearAll();
        _startable.ClearAll();
        for (var piece = 0; piece < PieceCount; piece++)
        {
            var priority = _priority[piece];
            if (priority == FilePriority.Skip)
            {
                continue;
            }

            _wanted.Set(piece);
            if (priority == FilePriority.High)
            {
                _high.Set(piece);
            }

            if (!Have[piece] && !_verifying[piece] && !_partials.ContainsKey(piece))
            {
                _startable.Set(piece);
            }
        }
    }
}
