namespace Publisher.Benchmarks.Engine;

/// <summary>
/// A rate-capped libtorrent peer for the capped swarm benchmark: <c>seed|leech torrent save port upload-bytes-per-s
/// [host:port]...</c>. Loopback peers are moved into the global peer class so the upload cap applies to them
/// (libtorrent exempts local peers by default). Prints <c>seeding</c> once it has everything (a seed at once, a
/// leecher when its download completes) and keeps seeding until killed.
/// </summary>
internal static class LibtorrentSwarmScript
{
    public const string Text = """
        import sys, time, libtorrent as lt
        mode, source, save, port, up = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        peers = sys.argv[6:]
        s = lt.session({'listen_interfaces': '127.0.0.1:%d' % port, 'enable_dht': False, 'enable_lsd': False,
                        'enable_upnp': False, 'enable_natpmp': False, 'allow_multiple_connections_per_ip': True,
                        'alert_mask': 0, 'enable_incoming_utp': False, 'enable_outgoing_utp': False,
                        'upload_rate_limit': up})
        f = lt.ip_filter()
        f.add_rule('0.0.0.0', '255.255.255.255', 1 << lt.session.global_peer_class_id)
        s.set_peer_class_filter(f)
        p = lt.add_torrent_params()
        p.ti = lt.torrent_info(source)
        p.save_path = save
        if mode == 'seed':
            p.flags |= lt.torrent_flags.seed_mode
        h = s.add_torrent(p)
        print('port %d' % s.listen_port(), flush=True)
        for peer in peers:
            host, _, pp = peer.rpartition(':')
            h.connect_peer((host, int(pp)))
        deadline = time.time() + 600
        said = False
        while time.time() < deadline:
            st = h.status()
            if st.is_seeding and not said:
                print('seeding %d' % st.total_payload_upload, flush=True)
                said = True
            time.sleep(0.05)
        """;
}
