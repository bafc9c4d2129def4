using System.Runtime.ExceptionServices;

namespace Publisher.Torrent.Storage;

/// <summary>
/// Runs the same CPU-bound worker on several threads (hashing for creation and verification) and, when one
/// fails, surfaces that failure rather than the cancellations it caused in its siblings.
/// </summary>
internal static class ParallelWorkers
{
    /// <summary>
    /// Starts <paramref name="workers"/> copies of <paramref name="work"/>; each gets the shared source so a failing
    /// worker can stop the others. Completes when all have finished.
    /// </summary>
    public static async Task RunAsync(int workers, Action<CancellationTokenSource> work, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            tasks[i] = Task.Run(() => work(stop), CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A sibling's cancellation is not the story: surface the failure that stopped the others.
            foreach (var task in tasks)
            {
                if (task.Exception?.InnerException is { } failure and not OperationCanceledException)
                {
                    ExceptionDispatchInfo.Capture(failure).Throw();
                }
            }

            throw;
        }
    }
}
