"""Loads a .torrent in libtorrent and prints one JSON line with its info hashes.

With a save path, also adds it to a loopback-only session (no DHT/LSD/UPnP/NAT-PMP, no seed_mode),
waits for libtorrent's own hash check to finish and reports whether it considers itself a seed.

usage: lt_torrent_check.py TORRENT [SAVE_PATH]
"""
import json
import sys
import time

import libtorrent as lt


def main():
    torrent = sys.argv[1]
    save_path = sys.argv[2] if len(sys.argv) > 2 else None
    info = lt.torrent_info(torrent)
    hashes = info.info_hashes()
    result = {
        "v1": str(hashes.v1) if hashes.has_v1() else None,
        "v2": str(hashes.v2) if hashes.has_v2() else None,
        "num_pieces": info.num_pieces(),
        "num_files": info.files().num_files(),
    }
    if save_path is not None:
        session = lt.session({
            "listen_interfaces": "127.0.0.1:0",
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "alert_mask": lt.alert_category.status | lt.alert_category.error,
        })
        params = lt.add_torrent_params()
        params.ti = info
        params.save_path = save_path
        params.flags &= ~lt.torrent_flags.auto_managed
        params.flags &= ~lt.torrent_flags.paused
        handle = session.add_torrent(params)
        deadline = time.monotonic() + 60
        checked = False
        while not checked and time.monotonic() < deadline:
            session.wait_for_alert(200)
            for alert in session.pop_alerts():
                if isinstance(alert, lt.torrent_checked_alert):
                    checked = True
                elif isinstance(alert, lt.torrent_error_alert):
                    result["error"] = alert.message()
                    checked = True
        status = handle.status()
        result["checked"] = checked
        result["is_seeding"] = bool(status.is_seeding)
        result["pieces_have"] = int(status.num_pieces)
        result["state"] = str(status.state)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
