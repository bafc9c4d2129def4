using System.Globalization;
using Publisher.Storage.Azure;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.WebSeedServer;

/// <summary>
/// Azurite's blob service (npm <c>azurite</c>) on 127.0.0.1 (a free port, a temporary <c>--location</c>) for a test
/// class, with its debug log on so a test can see which requests reached it; each test starts the service on its own
/// container (<see cref="StartServiceAsync"/>).
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    private readonly TempDirectory _location = new("publisher-azurite");
    private ChildProcess? _process;
    private string? _program;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AzureConnectionString.DevelopmentAccountName};AccountKey={AzureConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AzureConnectionString.DevelopmentAccountName};";

    /// <summary>Azurite's debug log: one or more lines per request it handled, with the method and the request URL.</summary>
    public string DebugLog => _location.Combine("debug.log");

    public async ValueTask InitializeAsync()
    {
        _program = ExternalTool.Find("azurite-blob");
        if (_program is null)
        {
            return;
        }

        Port = LoopbackPort.GetFreeTcpPort();
        _process = ChildProcess.Start(_program, [
            "--blobHost", "127.0.0.1",
            "--blobPort", Port.ToString(CultureInfo.InvariantCulture),
            "--location", _location.Combine("data"),
            "--debug", DebugLog,
            "--silent",
            "--skipApiVersionCheck",
            "--loose",
            "--disableTelemetry",
            "--disableProductStyleUrl",
        ]);
        await _process.WaitForLineAsync(static line => line.Contains("successfully listens", StringComparison.Ordinal), TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    /// <summary>Skips (or fails under CI) the calling test when azurite is not installed.</summary>
    public void RequireAvailable()
    {
        if (_program is null)
        {
            ExternalTool.Unavailable("'azurite-blob' was not found; install azurite (npm): npm install -g azurite@3.35.0 (or run .ci/install.d/20-azurite.sh).");
        }
    }

    /// <summary>A container name no other test uses.</summary>
    public static string NewContainer() => "w" + Guid.NewGuid().ToString("N");

    /// <summary>The service in a real Kestrel on 127.0.0.1 with its blob store on <paramref name="container"/> (see <see cref="NewContainer"/>) of this Azurite.</summary>
    internal Task<WebSeedInteropHost> StartServiceAsync(string container, bool redirect, CancellationToken cancellationToken) =>
        WebSeedInteropHost.StartAsync(cancellationToken, new Dictionary<string, string?>
        {
            ["Publisher:Storage:Kind"] = "AzureBlob",
            ["Publisher:Storage:ConnectionString"] = ConnectionString,
            ["Publisher:Storage:Container"] = container,
            ["Publisher:WebSeed:RedirectToBlob"] = redirect ? "true" : "false",
        });

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _location.Dispose();
    }
}
