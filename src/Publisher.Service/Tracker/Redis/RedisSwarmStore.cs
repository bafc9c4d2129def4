using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Tracker.Redis;

/// <summary>
/// The shared swarm store: swarms live in Redis (layout in <see cref="RedisSwarmScripts"/>), so every service instance
/// pointing at the same Redis answers from the same peers. Each announce is one EVALSHA. Expiry uses last-seen times
/// from the injected <see cref="TimeProvider"/>. When Redis is unreachable an announce is answered
/// <see cref="AnnounceStatus.StoreUnavailable"/> ("try again later") and reads answer empty, never an exception.
/// </summary>
internal sealed partial class RedisSwarmStore : ISwarmStore, IAsyncDisposable
{
    /// <summary>Largest byte counter stored (2^53 - 1): Lua numbers are doubles and stay exact below it.</summary>
    public const long MaxCounter = (1L << 53) - 1;

    private const int MemberLength = 18;

    private readonly RedisClient _client;
    private readonly TrackerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisSwarmStore> _logger;
    private readonly string _prefix;
    private readonly byte[] _swarmsKey;
    private readonly byte[] _totalsKey;

    public RedisSwarmStore(
        IOptions<TrackerOptions> options,
        IOptions<RedisSwarmOptions> redisOptions,
        IConfiguration configuration,
        TimeProvider timeProvider,
        ILogger<RedisSwarmStore> logger)
    {
        var connectionString = configuration.GetConnectionString("Redis");
        if (!RedisEndpoint.TryParse(connectionString, out var endpoint, out var error))
        {
            throw new InvalidOperationException($"Publisher:Swarm:Provider is Redis but ConnectionStrings:Redis is not usable: {error}");
        }

        var settings = redisOptions.Value;
        _client = new RedisClient(endpoint!, settings.Connections, settings.ConnectTimeout, settings.CommandTimeout);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _prefix = settings.KeyPrefix;
        _swarmsKey = Encoding.UTF8.GetBytes(_prefix + "swarms");
        _totalsKey = Encoding.UTF8.GetBytes(_prefix + "totals");
    }

    public async ValueTask<AnnounceOutcome> AnnounceAsync(TrackerInfoHash infoHash, PeerAnnounce announce, PeerSelection selection, CancellationToken cancellationToken)
    {
        var now = NowSeconds();
        var member = new byte[MemberLength];
        BinaryPrimitives.WriteUInt64BigEndian(member, announce.Endpoint.High);
        BinaryPrimitives.WriteUInt64BigEndian(member.AsSpan(8), announce.Endpoint.Low);
        BinaryPrimitives.WriteUInt16BigEndian(member.AsSpan(16), announce.Endpoint.Port);
        var keys = SwarmKeys(infoHash);
        ReadOnlyMemory<byte>[] arguments =
        [
            HashBytes(infoHash),
            member,
            Number(now),
            Number(now - (long)_options.PeerTimeout.TotalSeconds),
            EventName(announce.Event),
            announce.IsSeeder ? "1"u8.ToArray() : "0"u8.ToArray(),
            Number(announce.Key),
            Number(Math.Clamp(announce.Uploaded, 0, MaxCounter)),
            Number(Math.Clamp(announce.Downloaded, 0, MaxCounter)),
            Number(Math.Min(selection.Limit, selection.Capacity)),
            Number(_options.MaxSwarms),
            Number(_options.MaxPeersPerSwarm),
        ];
        RespValue[] items;
        byte[] peers;
        try
        {
            items = Expect(await _client.EvalAsync(RedisSwarmScripts.Announce, keys, arguments, cancellationToken), 5);
            peers = items[4].Bytes ?? [];
            if (peers.Length % MemberLength != 0)
            {
                throw new RedisProtocolException("The announce script returned a peer list that is not a multiple of 18 bytes.");
            }
        }
        catch (Exception ex) when (ex is RedisUnavailableException or RedisProtocolException)
        {
            Log.StoreUnavailable(_logger, ex.Message);
            return new AnnounceOutcome(AnnounceStatus.StoreUnavailable, 0, 0, 0);
        }

        if (items[0].AsInt64() != 0)
        {
            return new AnnounceOutcome(AnnounceStatus.SwarmLimitReached, 0, 0, 0);
        }

        for (var offset = 0; offset < peers.Length; offset += MemberLength)
        {
            var span = peers.AsSpan(offset, MemberLength);
            selection.TryAdd(
                BinaryPrimitives.ReadUInt64BigEndian(span),
                BinaryPrimitives.ReadUInt64BigEndian(span[8..]),
                BinaryPrimitives.ReadUInt16BigEndian(span[16..]));
        }

        return new AnnounceOutcome(AnnounceStatus.Ok, ToInt(items[1]), ToInt(items[2]), items[3].AsInt64());
    }

    public async ValueTask<SwarmStatistics?> GetSwarmAsync(TrackerInfoHash infoHash, CancellationToken cancellationToken)
    {
        var keys = SwarmKeys(infoHash);
        var cutoff = NowSeconds() - (long)_options.PeerTimeout.TotalSeconds;
        try
        {
            var reply = await _client.EvalAsync(RedisSwarmScripts.Statistics, [keys[0], keys[1], keys[3], keys[4]], [HashBytes(infoHash), Number(cutoff)], cancellationToken);
            if (reply.Kind == RespKind.Null)
            {
                return null;
            }

            var items = Expect(reply, 5);
            return new SwarmStatistics(infoHash, ToInt(items[0]), ToInt(items[1]), items[2].AsInt64(), items[3].AsInt64(), items[4].AsInt64());
        }
        catch (Exception ex) when (ex is RedisUnavailableException or RedisProtocolException)
        {
            Log.StoreUnavailable(_logger, ex.Message);
            return null;
        }
    }

    public async ValueTask<TrackerTotals> GetTotalsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var items = Expect(await _client.EvalAsync(RedisSwarmScripts.Totals, [_swarmsKey, _totalsKey], [], cancellationToken), 5);
            return new TrackerTotals(items[0].AsInt64(), items[1].AsInt64(), items[2].AsInt64(), items[3].AsInt64(), items[4].AsInt64());
        }
        catch (Exception ex) when (ex is RedisUnavailableException or RedisProtocolException)
        {
            Log.StoreUnavailable(_logger, ex.Message);
            return default;
        }
    }

    public async ValueTask<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = NowSeconds();
        var peerCutoff = Number(now - (long)_options.PeerTimeout.TotalSeconds);
        var swarmCutoff = Number(now - (long)_options.SwarmRetention.TotalSeconds);
        var removed = 0;
        var cursor = "0";
        try
        {
            do
            {
                var page = Expect(await _client.ExecuteAsync(new RespRequest(5).Add("SSCAN").Add(_swarmsKey).Add(cursor).Add("COUNT").Add(256), cancellationToken), 2);
                cursor = page[0].Text;
                foreach (var item in page[1].Items ?? [])
                {
                    if (item.Bytes is not { Length: TrackerInfoHash.Length } raw)
                    {
                        continue;
                    }

                    var infoHash = TrackerInfoHash.FromBytes(raw);
                    var gone = await _client.EvalAsync(RedisSwarmScripts.Sweep, SwarmKeys(infoHash), [raw, peerCutoff, swarmCutoff], cancellationToken);
                    removed += (int)gone.AsInt64();
                }
            }
            while (cursor != "0");
        }
        catch (Exception ex) when (ex is RedisUnavailableException or RedisProtocolException)
        {
            Log.StoreUnavailable(_logger, ex.Message);
        }

        return removed;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static RespValue[] Expect(RespValue reply, int count)
        => reply.Kind == RespKind.Array && reply.Items!.Length == count
            ? reply.Items
            : throw new RedisProtocolException($"Expected an array of {count} from Redis, got {reply.Kind}.");

    private static int ToInt(RespValue value) => (int)Math.Clamp(value.AsInt64(), 0, int.MaxValue);

    private static byte[] Number(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        return digits[..written].ToArray();
    }

    private static byte[] EventName(AnnounceEvent announceEvent) => announceEvent switch
    {
        AnnounceEvent.Completed => "completed"u8.ToArray(),
        AnnounceEvent.Started => "started"u8.ToArray(),
        AnnounceEvent.Stopped => "stopped"u8.ToArray(),
        _ => "none"u8.ToArray(),
    };

    private static byte[] HashBytes(TrackerInfoHash infoHash)
    {
        var bytes = new byte[TrackerInfoHash.Length];
        infoHash.CopyTo(bytes);
        return bytes;
    }

    private ReadOnlyMemory<byte>[] SwarmKeys(TrackerInfoHash infoHash)
    {
        var hex = Convert.ToHexStringLower(HashBytes(infoHash));
        return
        [
            Encoding.UTF8.GetBytes(_prefix + "s:" + hex),
            Encoding.UTF8.GetBytes(_prefix + "l:" + hex),
            Encoding.UTF8.GetBytes(_prefix + "p:" + hex),
            Encoding.UTF8.GetBytes(_prefix + "c:" + hex),
            _swarmsKey,
            _totalsKey,
        ];
    }

    private long NowSeconds() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();
}
