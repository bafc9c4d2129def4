using Publisher.TestSupport;
using Xunit;

namespace Publisher.Cli.Tests.Service;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_OnLoopback_AnswersHealthAndStopsWhenCancelled()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory("publisher-cli-serve");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var port = LoopbackPort.GetFreeTcpPort();
        using var output = new StringWriter();
        var stdout = TextWriter.Synchronized(output);
        using var stderr = new StringWriter();
        var previous = Environment.GetEnvironmentVariable("Publisher__Tracker__UdpPort");
        Environment.SetEnvironmentVariable("Publisher__Tracker__UdpPort", "0");
        try
        {
            var serving = CliApp.RunAsync(["serve", "--urls", $"http://127.0.0.1:{port}", "--data", directory.Combine("data")], stdout, TextWriter.Synchronized(stderr), stop.Token);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!output.ToString().Contains("listening on", StringComparison.Ordinal) && !serving.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }

            Assert.False(serving.IsCompleted, stderr.ToString());
            using (var health = await client.GetAsync("/health", cancellationToken))
            {
                Assert.True(health.IsSuccessStatusCode, $"/health answered {(int)health.StatusCode}");
            }

            await stop.CancelAsync();
            Assert.Equal(CliApp.Success, await serving.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Publisher__Tracker__UdpPort", previous);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
