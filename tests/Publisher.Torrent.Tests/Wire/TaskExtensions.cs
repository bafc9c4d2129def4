namespace Publisher.Torrent.Tests.Wire;

internal static class TaskExtensions
{
    /// <summary>Lets a background task run on; its outcome is checked through other means.</summary>
    public static void Ignore(this Task task) => task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
}
