using System.Globalization;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Interop.Tests.EngineWebSeed;

/// <summary>
/// A libtorrent seed (Debian's python3-libtorrent) in a child process on 127.0.0.1, optionally upload-capped: its peer
/// class filter puts loopback peers in the global class, so the cap applies to them too (libtorrent exempts local peers
/// by default). Prints <c>port N</c> once listening and <c>seeding</c> once its data is checked (seed mode, which skips the check, refused our first connections); killed on dispose.
/// </summary>
internal sealed class LibtorrentSeed : IAsyncDisposable
{
    private const string Script = """
        import sys, time, libtorrent as lt
        source, save, port, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        s = lt.session({'listen_interfaces': '127.0.0.1:%d' % port, 'enable_dht': False, 'enable_lsd': False,
                        'enable_upnp': False, 'enable_natpmp': False, 'allow_multiple_connections_per_ip': True,
                        'alert_mask': 0, 'enable_incoming_utp': False, 'enable_outgoing_utp': False,
                        'upload_rate_limit': rate})
        if rate > 0:
            f = lt.ip_filter()
            f.add_rule('0.0.0.0', '255.255.255.255', 1 << lt.session.global_peer_class_id)
            s.set_peer_class_filter(f)
        p = lt.add_torrent_params()
        p.ti = lt.torrent_info(source)
        p.save_path = save
        h = s.add_torrent(p)
        print('port %d' % s.listen_port(), flush=True)
        said = False
        deadline = time.time() + 300
        while time.time() < deadline:
            st = h.status()
            if st.is_seeding and not said:
                print('seeding', flush=True)
                said = True
            if st.errc.value() != 0:
                print('error %s' % st.errc.message(), flush=True)
                sys.exit(2)
            time.sleep(0.2)
        """;

    private readonly ChildProcess _process;

    private LibtorrentSeed(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Output => _process.Output;

    /// <summary>Seeds <paramref name="torrentPath"/> from <paramref name="saveDirectory"/>, uploading at most <paramref name="uploadBytesPerSecond"/> (0: unlimited).</summary>
    public static async Task<LibtorrentSeed> StartAsync(TempDirectory temp, string torrentPath, string saveDirectory, int uploadBytesPerSecond)
    {
        var python = ExternalTool.RequireLibtorrentPython();
        var token = TestContext.Current.CancellationToken;
        var script = temp.Combine("lt_seed.py");
        if (!File.Exists(script))
        {
            await File.WriteAllTextAsync(script, Script, token);
        }

        var port = LoopbackPort.GetFreeTcpPort();
        var process = ChildProcess.Start(python, [script, torrentPath, saveDirectory, port.ToString(CultureInfo.InvariantCulture), uploadBytesPerSecond.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            await process.WaitForLineAsync(line => line == "seeding", TimeSpan.FromSeconds(30), token);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new LibtorrentSeed(process, port);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
