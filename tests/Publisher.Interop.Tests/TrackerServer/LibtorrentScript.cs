namespace Publisher.Interop.Tests.TrackerServer;

/// <summary>
/// The python helper these tests drive libtorrent with (written to the test's temp folder): <c>create</c> makes a v1
/// torrent naming only our tracker; <c>seed</c> seeds it, printing tracker replies/errors and, once announced, a scrape.
/// </summary>
internal static class LibtorrentScript
{
    public const string Text = """
import os, sys, time
import libtorrent as lt

def create(path, out, trackers):
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, 65536, flags=lt.create_torrent.v1_only)
    for tier, url in enumerate(trackers):
        ct.add_tracker(url, tier)
    lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(path)))
    with open(out, 'wb') as f:
        f.write(lt.bencode(ct.generate()))
    print('INFOHASH ' + str(lt.torrent_info(out).info_hashes().v1), flush=True)

def seed(torrent, save, port):
    ses = lt.session({
        'listen_interfaces': '127.0.0.1:%d' % port,
        'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'announce_to_all_tiers': True, 'announce_to_all_trackers': True,
        # libtorrent only lets loopback trackers be asked for /announce paths unless told otherwise (its SSRF guard).
        'ssrf_mitigation': False,
        'alert_mask': lt.alert.category_t.all_categories,
    })
    h = ses.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save, 'flags': lt.torrent_flags.seed_mode})
    scraped = False
    deadline = time.time() + 180
    while time.time() < deadline:
        ses.wait_for_alert(200)
        for a in ses.pop_alerts():
            if isinstance(a, lt.tracker_reply_alert):
                print('TRACKER_REPLY %s peers=%d' % (a.tracker_url(), a.num_peers), flush=True)
                if not scraped:
                    scraped = True
                    h.scrape_tracker()
            elif isinstance(a, lt.scrape_reply_alert):
                print('SCRAPE_REPLY %s complete=%d incomplete=%d' % (a.tracker_url(), a.complete, a.incomplete), flush=True)
            elif isinstance(a, lt.tracker_error_alert) or isinstance(a, lt.scrape_failed_alert):
                print('TRACKER_ERROR %s %s' % (a.tracker_url(), a.message()), flush=True)
            elif isinstance(a, lt.peer_connect_alert) or isinstance(a, lt.incoming_connection_alert):
                print('PEER ' + a.message(), flush=True)

if sys.argv[1] == 'create':
    create(sys.argv[2], sys.argv[3], sys.argv[4:])
else:
    seed(sys.argv[2], sys.argv[3], int(sys.argv[4]))
""";

    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "tracker_interop.py");
        File.WriteAllText(path, Text);
        return path;
    }
}
