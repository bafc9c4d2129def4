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

    public void Report(TorrentCreationProgress value) => Draw(value.BytesHashed, value.TotalBytes);

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
