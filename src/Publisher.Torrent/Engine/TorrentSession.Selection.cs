using Publisher.Torrent.Pieces;

namespace Publisher.Torrent.Engine;

/// <content>
/// What the user wants of the torrent: file priorities (a skipped file's pieces are not requested unless a wanted file
/// shares them), sequential picking and piece deadlines (streaming). The torrent is complete when every wanted piece
/// is verified; raising a priority after that makes it download again.
/// </content>
internal sealed partial class TorrentSession
{
    private FilePriority[]? _filePriorities;

    /// <summary>The priority of each entry of the torrent's file list (all normal until set).</summary>
    public FilePriority[] FilePriorities
    {
        get
        {
            lock (_gate)
            {
                return _filePriorities is null ? CreateNormalPriorities() : (FilePriority[])_filePriorities.Clone();
            }
        }
    }

    /// <summary>Sets one priority per entry of the torrent's file list (pad files are ignored).</summary>
    /// <exception cref="ArgumentException">The count differs from the file list's.</exception>
    public void SetFilePriorities(IReadOnlyList<FilePriority> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        var files = Layout.Files;
        if (priorities.Count != files.Count)
        {
            throw new ArgumentException($"One priority per file: the torrent lists {files.Count} files (pad files included), not {priorities.Count}.", nameof(priorities));
        }

        var lengths = new long[files.Count];
        var effective = new FilePriority[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            if (!Enum.IsDefined(priorities[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(priorities), priorities[i], "Not a file priority.");
            }

            lengths[i] = files[i].Length;
            effective[i] = files[i].IsPadding ? FilePriority.Skip : priorities[i];
        }

        lock (_gate)
        {
            _filePriorities = [.. priorities];
        }

        Picker.SetFilePriorities(Layout.Offsets, lengths, effective);
        OnSelectionChanged();
    }

    /// <summary>Asks for <paramref name="piece"/> before all others, earliest deadline first.</summary>
    public void SetPieceDeadline(int piece, TimeSpan within)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(piece);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(piece, Layout.PieceCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(within, TimeSpan.Zero);
        Picker.SetDeadline(piece, Time.GetTimestamp() + (long)(within.TotalSeconds * Time.TimestampFrequency));
        SignalAllPeers();
    }

    /// <summary>Drops <paramref name="piece"/>'s deadline.</summary>
    public void ClearPieceDeadline(int piece)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(piece);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(piece, Layout.PieceCount);
        Picker.ClearDeadline(piece);
    }

    /// <summary>Completes the torrent when every wanted piece is verified (from the verification worker and on selection changes).</summary>
    private void CompleteIfDone()
    {
        if (Picker.IsComplete && _state == TorrentState.Downloading)
        {
            SaveResume();
            SetState(TorrentState.Seeding);
            _tracker?.AnnounceCompleted();
            _completed.TrySetResult();
            SignalAllPeers();
        }
    }

    private void OnSelectionChanged()
    {
        if (_state == TorrentState.Seeding && !Picker.IsComplete)
        {
            if (_completed.Task.IsCompleted)
            {
                _completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            SetState(TorrentState.Downloading);
        }

        CompleteIfDone();
        SignalAllPeers();
    }

    private FilePriority[] CreateNormalPriorities()
    {
        var all = new FilePriority[Layout.Files.Count];
        Array.Fill(all, FilePriority.Normal);
        return all;
    }
}
