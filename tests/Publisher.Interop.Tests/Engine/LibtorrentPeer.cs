using System.Globalization;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.Engine;

/// <summary>
/// A libtorrent peer (Debian's python3-libtorrent) in a child process on loopback: it seeds or downloads one torrent,
/// prints <c>port N</c> once listening, <c>seeding</c> once it has everything, and exits 0 after a download completes.
/// The script is written to the test's temporary folder (this area does not own Scripts/).
/// </summary>
internal sealed class LibtorrentPeer : IAsyncDisposable
{
    private const string Script = """
        import sys, time, libtorrent as lt
        mode, source, save, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        peers = sys.argv[5:]
        s = lt.session({'listen_interfaces': '127.0.0.1:%d' % port, 'enable_dht': False, 'enable_lsd': False,
                        'enable_upnp': False, 'enable_natpmp': False, 'allow_multiple_connections_per_ip': True,
                        'alert_mask': 0, 'enable_incoming_utp': False, 'enable_outgoing_utp': False})
        p = lt.parse_magnet_uri(source) if source.startswith('magnet:') else lt.add_torrent_params()
        if not source.startswith('magnet:'):
            p.ti = lt.torrent_info(source)
        p.save_path = save
        h = s.add_torrent(p)
        print('port %d' % s.listen_port(), flush=True)
        def dial():
            for peer in peers:
                host, _, pp = peer.rpartition(':')
                h.connect_peer((host, int(pp)))
        dial()
        said = False
        deadline = time.time() + 300
        while time.time() < deadline:
            st = h.status()
            if st.is_seeding and not said:
                print('seeding', flush=True)
                said = True
                if mode == 'download':
                    sys.exit(0)
            if st.errc.value() != 0:
                print('error %s' % st.errc.message(), flush=True)
                sys.exit(2)
            if not said and st.num_peers == 0:
                dial()
            time.sleep(0.2)
        print('timeout', flush=True)
        sys.exit(1)
        """;

    private readonly ChildProcess _process;

    private LibtorrentPeer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Output => _process.Output;

    /// <summary>Starts libtorrent in <paramref name="mode"/> (seed or download) for a .torrent path or magnet link.</summary>
    public static async Task<LibtorrentPeer> StartAsync(TempDirectory temp, string mode, string source, string saveDirectory, params string[] peers)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var script = temp.Combine("lt_peer.py");
        if (!File.Exists(script))
        {
            await File.WriteAllTextAsync(script, Script, TestContext.Current.CancellationToken);
        }

        var port = LoopbackPort.GetFreeTcpPort();
        var process = ChildProcess.Start(python, [script, mode, source, saveDirectory, port.ToString(CultureInfo.InvariantCulture), .. peers]);
        try
        {
            await process.WaitForLineAsync(line => line.StartsWith("port ", StringComparison.Ordinal), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new LibtorrentPeer(process, port);
    }

    public Task WaitSeedingAsync(TimeSpan timeout) =>
        _process.WaitForLineAsync(line => line == "seeding", timeout, TestContext.Current.CancellationToken);

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
