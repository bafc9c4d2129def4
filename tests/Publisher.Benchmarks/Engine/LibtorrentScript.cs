namespace Publisher.Benchmarks.Engine;

/// <summary>A libtorrent peer for the swarm benchmark: seed or download one torrent on loopback, exit 0 when a download completes.</summary>
internal static class LibtorrentScript
{
    public const string Text = """
        import sys, time, libtorrent as lt
        mode, source, save, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        peers = sys.argv[5:]
        s = lt.session({'listen_interfaces': '127.0.0.1:%d' % port, 'enable_dht': False, 'enable_lsd': False,
                        'enable_upnp': False, 'enable_natpmp': False, 'allow_multiple_connections_per_ip': True,
                        'alert_mask': 0, 'enable_incoming_utp': False, 'enable_outgoing_utp': False})
        p = lt.add_torrent_params()
        p.ti = lt.torrent_info(source)
        p.save_path = save
        h = s.add_torrent(p)
        print('port %d' % s.listen_port(), flush=True)
        def dial():
            for peer in peers:
                host, _, pp = peer.rpartition(':')
                h.connect_peer((host, int(pp)))
        dial()
        deadline = time.time() + 600
        said = False
        while time.time() < deadline:
            st = h.status()
            if st.is_seeding and not said:
                print('seeding', flush=True)
                said = True
            if st.is_seeding and mode == 'download':
                sys.exit(0)
            if st.num_peers == 0 and mode == 'download':
                dial()
            time.sleep(0.05)
        sys.exit(1)
        """;
}
