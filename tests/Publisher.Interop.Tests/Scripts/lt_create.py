"""Creates a .torrent with libtorrent (trackerless).

usage: lt_create.py PATH OUT v1|v2|hybrid PIECE_SIZE
"""
import os
import sys

import libtorrent as lt


def main():
    path, out, mode, piece_size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    files = lt.file_storage()
    lt.add_files(files, path)
    flags = {"v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only, "hybrid": 0}[mode]
    creator = lt.create_torrent(files, piece_size, flags=flags)
    lt.set_piece_hashes(creator, os.path.dirname(os.path.abspath(path)))
    with open(out, "wb") as handle:
        handle.write(lt.bencode(creator.generate()))


if __name__ == "__main__":
    main()
