namespace Publisher.Service.Tests.WebSeeds;

/// <summary>Waits for a condition the server reaches after the client has its answer (counting runs as the response completes).</summary>
internal static class Eventually
{
    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null) => TrueAsync(() => Task.FromResult(condition()), timeout);

    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return true;
    }
}
