using System.Buffers;
using Microsoft.Extensions.Logging;
using Publisher.Service.WebSeeds;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Service.Releases;

internal sealed partial class ReleasePublisher
{
    /// <summary>Pieces checked at random (besides the first and the last) before staged files become a release.</summary>
    public const int SpotCheckPieces = 4;

    /// <summary>
    /// Checks the upload's staged files against <paramref name="torrent"/> (in the local store, no file a link, a
    /// special file or under a linked folder: a client may have written them itself; then every file present with its
    /// exact size, then the first, the last and <see cref="SpotCheckPieces"/> pieces chosen from the info hash hashed
    /// again) and moves them to the release's keys, adding each moved key to <paramref name="promoted"/>. The service
    /// does not hash the whole payload: the client did, and peers verify every piece they download. Returns null when
    /// the files are in place, else why not; a failed check removes the staged files. Any registration naming the
    /// upload removes its proof file (local uploads): the client is done writing.
    /// </summary>
    private async Task<PublishResult?> PromoteStagedAsync(PublishRequest request, string uploadId, TorrentInfo torrent, List<string> promoted, CancellationToken cancellationToken)
    {
        if (!UploadStaging.IsValidId(uploadId))
        {
            return PublishResult.Invalid("upload", "upload must be the id POST /api/releases/uploads gave (32 lowercase hex digits).");
        }

        // The client has written everything it will: a local upload's proof has served its purpose.
        await UploadStaging.DeleteProofAsync(_store, uploadId, CancellationToken.None);

        if (await _catalog.GetReleaseByVersionAsync(request.Product!, request.Version!, cancellationToken) is not null)
        {
            return new PublishResult(PublishStatus.DuplicateVersion, null, null);
        }

        var trackerHash = torrent.InfoHashes.Primary;
        if (await _catalog.FindReleaseByInfoHashAsync(trackerHash.ToArray(), cancellationToken) is not null)
        {
            return new PublishResult(PublishStatus.DuplicateTorrent, null, null);
        }

        var problem = (LocalUploads.Find(_store) is { } local ? await LocalUploads.FindLinkOrSpecialFileAsync(local, uploadId, torrent, cancellationToken) : null)
            ?? await CheckSizesAsync(uploadId, torrent, cancellationToken)
            ?? await SpotCheckAsync(uploadId, torrent, cancellationToken);
        if (problem is not null)
        {
            Log.ReleaseRejected(_logger, request.Product!, request.Version!, problem);
            await UploadStaging.DeleteAsync(_store, uploadId, CancellationToken.None);
            return PublishResult.Invalid("upload", problem);
        }

        var hex = trackerHash.ToHex();
        foreach (var file in torrent.Files)
        {
            if (file.IsPadFile)
            {
                continue;
            }

            var key = ReleaseBlobKeys.ForFile(hex, file.PathString);
            if (!await _store.MoveAsync(UploadStaging.Key(uploadId, file.PathString), key, cancellationToken))
            {
                await RemovePromotedAsync(promoted, trackerHash.ToArray());
                return PublishResult.Invalid("upload", $"'{file.PathString}' disappeared from the upload while the release was registered.");
            }

            promoted.Add(key);
        }

        // Files the client staged that the torrent does not name.
        await UploadStaging.DeleteAsync(_store, uploadId, cancellationToken);
        return null;
    }

    /// <summary>Removes payload moved into place for a release that was then not registered, unless another release has the hash.</summary>
    private async Task RemovePromotedAsync(List<string>? promoted, byte[] trackerHash)
    {
        if (promoted is null || promoted.Count == 0 || await _catalog.FindReleaseByInfoHashAsync(trackerHash, CancellationToken.None) is not null)
        {
            return;
        }

        foreach (var key in promoted)
        {
            await _store.DeleteAsync(key, CancellationToken.None);
        }
    }

    private async Task<string?> CheckSizesAsync(string uploadId, TorrentInfo torrent, CancellationToken cancellationToken)
    {
        foreach (var file in torrent.Files)
        {
            if (file.IsPadFile)
            {
                continue;
            }

            var staged = await _store.GetPropertiesAsync(UploadStaging.Key(uploadId, file.PathString), cancellationToken);
            if (staged is null)
            {
                return $"'{file.PathString}' was not uploaded.";
            }

            if (staged.Length != file.Length)
            {
                return $"'{file.PathString}' was uploaded with {staged.Length} bytes but the torrent says {file.Length}.";
            }
        }

        return null;
    }

    private async Task<string?> SpotCheckAsync(string uploadId, TorrentInfo torrent, CancellationToken cancellationToken)
    {
        using var checker = new PieceSpotChecker(torrent);
        var buffer = ArrayPool<byte>.Shared.Rent(torrent.PieceLength);
        try
        {
            foreach (var piece in SamplePieces(checker.PieceCount, SpotCheckPieces))
            {
                var size = checker.PieceSize(piece);
                var data = buffer.AsMemory(0, size);
                data.Span.Clear();
                foreach (var segment in checker.Segments(piece))
                {
                    var key = UploadStaging.Key(uploadId, torrent.Files[segment.FileIndex].PathString);
                    var stream = await _store.OpenReadAsync(key, segment.FileOffset, segment.Length, cancellationToken);
                    if (stream is null)
                    {
                        return $"'{torrent.Files[segment.FileIndex].PathString}' disappeared from the upload while it was checked.";
                    }

                    await using (stream)
                    {
                        try
                        {
                            await stream.ReadExactlyAsync(data.Slice(segment.PieceOffset, segment.Length), cancellationToken);
                        }
                        catch (EndOfStreamException)
                        {
                            return $"'{torrent.Files[segment.FileIndex].PathString}' is shorter than the torrent says.";
                        }
                    }
                }

                if (!checker.Check(piece, data.Span))
                {
                    Log.SpotCheckFailed(_logger, uploadId, piece);
                    return $"Piece {piece} of the uploaded files does not match the torrent's hash: the files differ from what was hashed.";
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return null;
    }

    /// <summary>
    /// The pieces a spot check reads: the first, the last and up to <paramref name="count"/> others drawn with a
    /// cryptographic generator at each registration, ascending. Unpredictable on purpose: a client that knew the
    /// sample could stage the right bytes only where it is read.
    /// </summary>
    internal static int[] SamplePieces(int pieceCount, int count)
    {
        var chosen = new SortedSet<int> { 0, pieceCount - 1 };
        var wanted = Math.Min(pieceCount, count + 2);
        while (chosen.Count < wanted)
        {
            chosen.Add(System.Security.Cryptography.RandomNumberGenerator.GetInt32(pieceCount));
        }

        return [.. chosen];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.UploadSpotCheckFailed, Level = LogLevel.Warning,
            Message = "Upload {UploadId}: piece {Piece} does not match the registered torrent")]
        public static partial void SpotCheckFailed(ILogger logger, string uploadId, int piece);
    }
}
