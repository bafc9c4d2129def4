using System.Globalization;
using Publisher.Torrent.Metainfo.Creation;
using Publisher.Torrent.Storage;

namespace Publisher.Cli;

/// <summary>
/// Redraws one stderr line with percentage and speed, at most ten times a second. Reports arrive from
/// hashing threads; a null writer (stderr redirected) turns the display off.
/// </summary>
internal sealed class ProgressDisplay(TextWriter? writer, string label, TimeProvider time) : IProgress<TorrentCreationProgress>, IProgress<VerificationProgress>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly long _started = time.GetTimestamp();
    private long _lastDrawn = long.MinValue;
    private bool _drawn;
    private long _hashed;
    private long _hashTotal = -1;
    private long _uploaded;
    private long _uploadTotal = -1;

    public void Report(TorrentCreationProgress value)
    {
        if (Volatile.Read(ref _uploadTotal) < 0)
        {
            Draw(value.BytesHashed, value.TotalBytes);
            return;
        }

        Volatile.Write(ref _hashTotal, value.TotalBytes);
        InterlockedMax(ref _hashed, value.BytesHashed);
        DrawBoth();
    }

    /// <summary>Shows upload progress beside hashing from now on: <paramref name="total"/> bytes to upload.</summary>
    public void TrackUpload(long total) => Volatile.Write(ref _uploadTotal, total);

    /// <summary>Counts <paramref name="bytes"/> more uploaded (from any thread).</summary>
    public void Uploaded(long bytes)
    {
        Interlocked.Add(ref _uploaded, bytes);
        DrawBoth();
    }

    public void Report(VerificationProgress value) => Draw(value.BytesChecked, value.TotalBytes);

    private void Draw(long done, long total)
    {
        if (writer is null)
        {
            return;
        }

        lock (_gate)
        {
            var now = time.GetTimestamp();
            var finished = done >= total;
            if (!finished && _lastDrawn != long.MinValue && time.GetElapsedTime(_lastDrawn, now) < TimeSpan.FromMilliseconds(100))
            {
                return;
            }

            _lastDrawn = now;
            var seconds = Math.Max(time.GetElapsedTime(_started, now).TotalSeconds, 1e-6);
            var percent = total == 0 ? 100.0 : 100.0 * done / total;
            writer.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"\r{label} {percent,5:0.0}%  {done / 1e6,10:0.0} / {total / 1e6:0.0} MB  {done / 1e6 / seconds,8:0.0} MB/s"));
            _drawn = true;
        }
    }

    private void DrawBoth()
    {
        if (writer is null)
        {
            return;
        }

        lock (_gate)
        {
            var now = time.GetTimestamp();
            var hashed = Volatile.Read(ref _hashed);
            var hashTotal = Volatile.Read(ref _hashTotal);
            var uploaded = Volatile.Read(ref _uploaded);
            var uploadTotal = Volatile.Read(ref _uploadTotal);
            var finished = hashed >= hashTotal && uploaded >= uploadTotal;
            if (!finished && _lastDrawn != long.MinValue && time.GetElapsedTime(_lastDrawn, now) < TimeSpan.FromMilliseconds(100))
            {
                return;
            }

            _lastDrawn = now;
            var seconds = Math.Max(time.GetElapsedTime(_started, now).TotalSeconds, 1e-6);
            writer.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"\r{label}  hashed {Percent(hashed, hashTotal),5:0.0}%  uploaded {Percent(uploaded, uploadTotal),5:0.0}%  {uploaded / 1e6,10:0.0} / {uploadTotal / 1e6:0.0} MB  {uploaded / 1e6 / seconds,8:0.0} MB/s"));
            _drawn = true;
        }
    }

    private static double Percent(long done, long total) => total <= 0 ? (done >= 0 && total == 0 ? 100.0 : 0.0) : 100.0 * done / total;

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Ends the progress line so what follows starts on a fresh line.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (writer is not null && _drawn)
            {
                writer.WriteLine();
                _drawn = false;
            }
        }
    }

    public void Dispose() => Complete();
}
