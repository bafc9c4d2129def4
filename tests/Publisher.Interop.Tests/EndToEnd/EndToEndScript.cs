namespace Publisher.Interop.Tests.EndToEnd;

/// <summary>
/// The libtorrent helper of the end-to-end test (written to the test's temp folder). Client A downloads the
/// release from all its sources at once: the web seed, and the service's own seed (given directly and found through
/// our tracker); A's download rate is capped so both sources get a share. A keeps seeding; client B gets the same
/// torrent with its web seeds removed, so every byte it gets comes from peers (A and the service's seed). Both then
/// re-announce so the tracker hears what they exchanged. A's bytes from BitTorrent peers are sampled from its peer
/// list (a lower bound). Prints one <c>RESULT</c> line of JSON.
/// </summary>
internal static class EndToEndScript
{
    public const string Text = """
import json, os, sys, time
import libtorrent as lt

torrent, base, seed_port, a_limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
deadline = time.time() + 120
a_sources = {}

def session():
    return lt.session({
        'listen_interfaces': '127.0.0.1:0',
        'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'ssrf_mitigation': False, 'allow_multiple_connections_per_ip': True,
        # Our engine speaks BitTorrent over TCP only; libtorrent would try uTP first and fall back seconds later.
        'enable_outgoing_utp': False, 'enable_incoming_utp': False,
        'alert_mask': lt.alert.category_t.status_notification | lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification | lt.alert.category_t.peer_notification | lt.alert.category_t.connect_notification,
    })

def sample(handle):
    # Bytes from each BitTorrent peer (libtorrent keeps no per-peer count for web seeds): a lower bound, as the last
    # blocks may arrive between two samples.
    for p in handle.get_peer_info():
        if p.connection_type == lt.peer_info.standard_bittorrent:
            key = str(p.ip)
            a_sources[key] = max(a_sources.get(key, 0), p.total_download)

def wait(ses, handle, done, what, sampled=False):
    while time.time() < deadline:
        ses.wait_for_alert(100)
        if sampled:
            sample(handle)
        for a in ses.pop_alerts():
            if isinstance(a, lt.tracker_error_alert) or isinstance(a, lt.url_seed_alert) or isinstance(a, lt.torrent_error_alert) or isinstance(a, lt.peer_disconnected_alert) or isinstance(a, lt.peer_error_alert):
                print('ALERT ' + a.message(), flush=True)
            if isinstance(a, lt.tracker_reply_alert):
                print('TRACKER_REPLY ' + a.message(), flush=True)
        if done(handle.status()):
            return
    print('TIMEOUT ' + what, flush=True)
    sys.exit(2)

a_ses = session()
# libtorrent exempts loopback peers from rate limits (its local peer class): put every address in the global
# class, so A's download cap applies to the web seed and the service's seed alike.
everyone = lt.ip_filter()
everyone.add_rule('0.0.0.0', '255.255.255.255', 1 << lt.session.global_peer_class_id)
a_ses.set_peer_class_filter(everyone)
a_ses.apply_settings({'download_rate_limit': a_limit})
a = a_ses.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': os.path.join(base, 'a'), 'peers': [('127.0.0.1', seed_port)]})
wait(a_ses, a, lambda s: s.is_seeding, 'client A download', sampled=True)
a_downloaded = a.status().total_payload_download
a_from_peers = sum(a_sources.values())
print('A_DONE %d (from peers at least %d: %s)' % (a_downloaded, a_from_peers, a_sources), flush=True)

b_ses = session()
ti = lt.torrent_info(torrent)
ti.set_web_seeds([])
b = b_ses.add_torrent({'ti': ti, 'save_path': os.path.join(base, 'b'), 'peers': [('127.0.0.1', a_ses.listen_port())]})
wait(b_ses, b, lambda s: s.is_seeding, 'client B download')
b_from_peers = b.status().total_payload_download
print('B_DONE %d' % b_from_peers, flush=True)

a.force_reannounce()
b.force_reannounce()
replies = 0
while replies < 2 and time.time() < deadline:
    for ses in (a_ses, b_ses):
        ses.wait_for_alert(100)
        for alert in ses.pop_alerts():
            if isinstance(alert, lt.tracker_reply_alert):
                replies += 1
print('RESULT ' + json.dumps({'aDownloaded': a_downloaded, 'aFromPeers': a_from_peers, 'aUploaded': a.status().total_payload_upload, 'bFromPeers': b_from_peers}), flush=True)
""";

    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "end_to_end.py");
        File.WriteAllText(path, Text);
        return path;
    }
}
