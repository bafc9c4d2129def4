using System.Globalization;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.Engine;

/// <summary>
/// A libtorrent peer (Debian's python3-libtorrent) in a child process on loopback: it seeds or downloads one torrent,
/// prints <c>port N</c> once listening, <c>seeding</c> once it has everything, and exits 0 after a download completes
/// (mode <c>download</c>; mode <c>leech</c> downloads and then stays to seed). Extra arguments: peers to dial
/// (<c>host:port</c>), <c>--up=BYTES</c> (the torrent's upload cap, which libtorrent applies to loopback peers too) and
/// <c>--stats=1</c> (a <c>stats SEQ JSON</c> line every second: payload totals and per-peer bytes by peer id).
/// </summary>
internal sealed class LibtorrentPeer : IAsyncDisposable
{
    private const string Script = """
        import sys, time, json, libtorrent as lt
        mode, source, save, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        peers = [a for a in sys.argv[5:] if not a.startswith('--')]
        flags = dict(a[2:].split('=', 1) for a in sys.argv[5:] if a.startswith('--'))
        s = lt.session({'listen_interfaces': '127.0.0.1:%d' % port, 'enable_dht': False, 'enable_lsd': False,
                        'enable_upnp': False, 'enable_natpmp': False, 'allow_multiple_connections_per_ip': True,
                        'alert_mask': 0, 'enable_incoming_utp': False, 'enable_outgoing_utp': False})
        p = lt.parse_magnet_uri(source) if source.startswith('magnet:') else lt.add_torrent_params()
        if not source.startswith('magnet:'):
            p.ti = lt.torrent_info(source)
        p.save_path = save
        h = s.add_torrent(p)
        if 'up' in flags:
            h.set_upload_limit(int(flags['up']))
        print('port %d' % s.listen_port(), flush=True)
        def dial():
            for peer in peers:
                host, _, pp = peer.rpartition(':')
                h.connect_peer((host, int(pp)))
        def stats(seq):
            st = h.status()
            out = {'up': st.total_payload_upload, 'down': st.total_payload_download, 'peers': [
                {'pid': str(pi.pid), 'up': pi.total_upload, 'down': pi.total_download} for pi in h.get_peer_info()]}
            print('stats %d %s' % (seq, json.dumps(out)), flush=True)
        dial()
        said = False
        tick = 0
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
            if not said and st.num_peers < len(peers):
                dial()
            tick += 1
            if 'stats' in flags and tick % 5 == 0:
                stats(tick // 5)
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

    /// <summary>Statistics printed after this call (so they include everything up to now); needs <c>--stats=1</c>.</summary>
    public async Task<LibtorrentStats> ReadStatsAsync(TimeSpan timeout)
    {
        var last = 0;
        foreach (var line in Output.Split('\n'))
        {
            if (line.StartsWith("stats ", StringComparison.Ordinal))
            {
                last = int.Parse(line.Split(' ', 3)[1], CultureInfo.InvariantCulture);
            }
        }

        var next = await _process.WaitForLineAsync(
            line => line.StartsWith("stats ", StringComparison.Ordinal) && int.Parse(line.Split(' ', 3)[1], CultureInfo.InvariantCulture) > last + 1,
            timeout,
            TestContext.Current.CancellationToken);
        return LibtorrentStats.Parse(next.Split(' ', 3)[2]);
    }

    public Task WaitSeedingAsync(TimeSpan timeout) =>
        _process.WaitForLineAsync(line => line == "seeding", timeout, TestContext.Current.CancellationToken);

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
