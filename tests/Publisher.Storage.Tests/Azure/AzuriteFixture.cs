using Publisher.Storage.Azure;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

/// <summary>
/// Starts Azurite's blob service (npm <c>azurite</c>) on 127.0.0.1 with a free port and a temporary
/// <c>--location</c>, and stops it in <see cref="DisposeAsync"/>. Tests call <see cref="RequireAvailable"/>
/// first: a missing <c>azurite-blob</c> skips them (or fails them under <c>PUBLISHER_REQUIRE_INTEROP=1</c>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly TempDirectory _location = new("publisher-azurite");
    private string? _program;
    private ChildProcess? _process;

    /// <summary>The blob service port.</summary>
    public int Port { get; private set; }

    /// <summary>A Shared Key connection string for Azurite's development account.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AzureConnectionString.DevelopmentAccountName};AccountKey={AzureConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AzureConnectionString.DevelopmentAccountName};";

    /// <summary>Everything Azurite printed so far (for failure messages).</summary>
    public string Output => _process?.Output ?? string.Empty;

    public async ValueTask InitializeAsync()
    {
        _program = ExternalTool.Find("azurite-blob");
        if (_program is null)
        {
            return;
        }

        Port = LoopbackPort.GetFreeTcpPort();
        await StartAsync(CancellationToken.None);
    }

    /// <summary>Skips (or fails under CI) the calling test when azurite is not installed.</summary>
    public void RequireAvailable()
    {
        if (_program is null)
        {
            ExternalTool.Unavailable("'azurite-blob' was not found; install azurite (npm): npm install -g azurite@3.35.0 (or run .ci/install.d/20-azurite.sh).");
        }
    }

    /// <summary>Starts Azurite on <see cref="Port"/> with the fixture's location and waits until it listens.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _process = ChildProcess.Start(_program!, [
            "--blobHost", "127.0.0.1",
            "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", _location.Path,
            "--silent",
            "--skipApiVersionCheck",
            "--loose",
            "--disableTelemetry",
            "--disableProductStyleUrl",
        ]);
        await _process.WaitForLineAsync(static line => line.Contains("successfully listens", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>
    /// Stops Azurite with SIGTERM (it writes its metadata, which it otherwise saves only every 5 s, and exits),
    /// falling back to SIGKILL.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is null)
        {
            return;
        }

        await ChildProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), cancellationToken);
        try
        {
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(15), cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _process.Kill();
        }

        await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _location.Dispose();
    }
}
