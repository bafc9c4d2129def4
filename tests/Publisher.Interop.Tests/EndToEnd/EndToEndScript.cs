namespace Publisher.Interop.Tests.EndToEnd;

/// <summary>
/// The libtorrent helper of the end-to-end test (written to the test's temp folder). Client A downloads the
/// release from the torrent's sources (our tracker and web seed; there are no other peers at first) and keeps
/// seeding; client B gets the same torrent with its web seeds removed, so every byte it gets comes from A. Both
/// then re-announce so the tracker hears what they exchanged. Prints one <c>RESULT</c> line of JSON.
/// </summary>
internal static class EndToEndScript
{
    public const string Text = """
import json, os, sys, time
import libtorrent as lt

torrent, base = sys.argv[1], sys.argv[2]
deadline = time.time() + 120

def session():
    return lt.session({
        'listen_interfaces': '127.0.0.1:0',
        'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'ssrf_mitigation': False, 'allow_multiple_connections_per_ip': True,
        'alert_mask': lt.alert.category_t.status_notification | lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification,
    })

def wait(ses, handle, done, what):
    while time.time() < deadline:
        ses.wait_for_alert(200)
        for a in ses.pop_alerts():
            if isinstance(a, lt.tracker_error_alert) or isinstance(a, lt.url_seed_alert) or isinstance(a, lt.torrent_error_alert):
                print('ALERT ' + a.message(), flush=True)
            if isinstance(a, lt.tracker_reply_alert):
                print('TRACKER_REPLY ' + a.message(), flush=True)
        if done(handle.status()):
            return
    print('TIMEOUT ' + what, flush=True)
    sys.exit(2)

a_ses = session()
a = a_ses.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': os.path.join(base, 'a')})
wait(a_ses, a, lambda s: s.is_seeding, 'client A download')
a_from_web = a.status().total_payload_download
print('A_DONE %d' % a_from_web, flush=True)

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
print('RESULT ' + json.dumps({'aFromOrigin': a_from_web, 'aUploaded': a.status().total_payload_upload, 'bFromPeers': b_from_peers}), flush=True)
""";

    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "end_to_end.py");
        File.WriteAllText(path, Text);
        return path;
    }
}
