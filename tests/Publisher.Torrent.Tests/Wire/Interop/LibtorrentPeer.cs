using System.Text.Json;
using Publisher.TestSupport;

namespace Publisher.Torrent.Tests.Wire.Interop;

/// <summary>
/// A libtorrent seed on 127.0.0.1 for one generated file, started through Debian's python3-libtorrent. The script
/// creates a v1 torrent itself and prints the info hash, metadata size and SHA-1 of every piece as JSON, so these
/// tests do not depend on our own torrent parser.
/// </summary>
internal sealed class LibtorrentPeer : IAsyncDisposable
{
    private const string Script = """
        import hashlib, json, os, sys, time
        import libtorrent as lt

        path, piece_size, version, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
        fs = lt.file_storage()
        lt.add_files(fs, path)
        ct = lt.create_torrent(fs, piece_size, flags=lt.create_torrent.v1_only if version == 'v1' else lt.create_torrent.v2_only)
        lt.set_piece_hashes(ct, os.path.dirname(path))
        entry = ct.generate()
        info = lt.bencode(entry[b'info'])
        ses = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False, 'enable_lsd': False,
                          'enable_upnp': False, 'enable_natpmp': False, 'alert_mask': 0})
        atp = lt.add_torrent_params()
        atp.ti = lt.torrent_info(lt.bencode(entry))
        if mode == 'seed':
            atp.save_path = os.path.dirname(path)
            atp.flags = lt.torrent_flags.seed_mode
        else:
            atp.save_path = os.path.join(os.path.dirname(path), 'download')
        h = ses.add_torrent(atp)
        deadline = time.time() + 30
        while mode == 'seed' and not h.status().is_seeding and time.time() < deadline:
            time.sleep(0.02)
        while mode == 'leech' and h.status().state != lt.torrent_status.downloading and time.time() < deadline:
            time.sleep(0.02)
        hashes = []
        with open(path, 'rb') as f:
            while True:
                chunk = f.read(piece_size)
                if not chunk:
                    break
                hashes.append(hashlib.sha1(chunk).hexdigest())
        result = {'port': ses.listen_port(), 'info_hash': hashlib.sha1(info).hexdigest(),
                  'metadata_size': len(info), 'piece_hashes': hashes}
        if version == 'v2':
            tree = entry[b'info'][b'file tree']
            root = tree[list(tree.keys())[0]][b''][b'pieces root']
            result.update({'info_hash': hashlib.sha256(info).hexdigest()[:40], 'pieces_root': root.hex(),
                           'piece_layer': entry[b'piece layers'][root].hex()})
        print(json.dumps(result), flush=True)
        if mode == 'leech':
            deadline = time.time() + 60
            while not h.status().is_seeding and time.time() < deadline:
                time.sleep(0.02)
            s = h.status()
            print('finished' if s.is_seeding else 'unfinished', s.num_pieces, s.total_payload_download, flush=True)
        sys.stdin.read()
        """;

    private readonly ChildProcess _process;
    private readonly TempDirectory _directory;

    private LibtorrentPeer(ChildProcess process, TempDirectory directory, JsonElement description)
    {
        _process = process;
        _directory = directory;
        Port = description.GetProperty("port").GetInt32();
        InfoHash = Convert.FromHexString(description.GetProperty("info_hash").GetString()!);
        MetadataSize = description.GetProperty("metadata_size").GetInt32();
        PieceHashes = [.. description.GetProperty("piece_hashes").EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!))];
        if (description.TryGetProperty("pieces_root", out var root))
        {
            PiecesRoot = Convert.FromHexString(root.GetString()!);
            PieceLayer = Convert.FromHexString(description.GetProperty("piece_layer").GetString()!);
        }
    }

    /// <summary>v2: the file's Merkle root.</summary>
    public byte[]? PiecesRoot { get; }

    /// <summary>v2: the file's piece layer (one SHA-256 per piece).</summary>
    public byte[]? PieceLayer { get; }

    public int Port { get; }

    public byte[] InfoHash { get; }

    public int MetadataSize { get; }

    public IReadOnlyList<byte[]> PieceHashes { get; }

    public string Output => _process.Output;

    /// <summary>The generated file's bytes.</summary>
    public byte[] Payload => File.ReadAllBytes(_directory.Combine("payload.bin"));

    /// <summary>Waits for the leecher's final line; true when it verified every piece.</summary>
    public async Task<bool> WaitForDownloadAsync(CancellationToken cancellationToken)
    {
        var line = await _process.WaitForLineAsync(l => l.StartsWith("finished", StringComparison.Ordinal) || l.StartsWith("unfinished", StringComparison.Ordinal), TimeSpan.FromSeconds(90), cancellationToken);
        return line.StartsWith("finished", StringComparison.Ordinal);
    }

    public static async Task<LibtorrentPeer> StartAsync(string python, long fileLength, int pieceLength, string version, string mode, CancellationToken cancellationToken)
    {
        var directory = new TempDirectory("wire-interop");
        try
        {
            var file = directory.WriteRandomFile("payload.bin", fileLength, seed: 42);
            var script = directory.Combine("seed.py");
            await File.WriteAllTextAsync(script, Script, cancellationToken);
            var process = ChildProcess.Start(python, [script, file, pieceLength.ToString(System.Globalization.CultureInfo.InvariantCulture), version, mode]);
            try
            {
                var line = await process.WaitForLineAsync(l => l.StartsWith('{'), TimeSpan.FromSeconds(60), cancellationToken);
                using var json = JsonDocument.Parse(line);
                return new LibtorrentPeer(process, directory, json.RootElement.Clone());
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
