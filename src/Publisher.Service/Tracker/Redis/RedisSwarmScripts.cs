namespace Publisher.Service.Tracker.Redis;

/// <summary>
/// The Lua scripts behind <see cref="RedisSwarmStore"/>; each runs atomically inside Redis, so an announce is one round trip.
/// Layout per swarm (hex = info hash): <c>{p}s:hex</c> and <c>{p}l:hex</c> sorted sets of seeders and leechers scored by
/// last-seen Unix seconds, members the 18-byte peer (16-byte IPv6 or IPv4-mapped address + big-endian port);
/// <c>{p}p:hex</c> hash member → "key:uploaded:downloaded:completionCounted"; <c>{p}c:hex</c> hash with completed,
/// uploaded, downloaded, last. Global: <c>{p}swarms</c> set of info hashes, <c>{p}totals</c> hash (peers, completed, uploaded, downloaded).
/// Byte counters saturate at 2^53 (exact in Lua's doubles).
/// </summary>
internal static class RedisSwarmScripts
{
    private const string Common = """
        local LIM = 9007199254740992
        local function add(h, f, d)
          if d <= 0 then return end
          local cur = tonumber(redis.call('HGET', h, f) or '0')
          if cur + d >= LIM then redis.call('HSET', h, f, LIM) else redis.call('HINCRBY', h, f, d) end
        end
        local function expire(s, l, p, t, cutoff)
          local gone = 0
          for _, z in ipairs({s, l}) do
            local old = redis.call('ZRANGEBYSCORE', z, '-inf', '(' .. cutoff)
            for i = 1, #old, 500 do
              redis.call('HDEL', p, unpack(old, i, math.min(i + 499, #old)))
            end
            if #old > 0 then
              redis.call('ZREMRANGEBYSCORE', z, '-inf', '(' .. cutoff)
              gone = gone + #old
            end
          end
          if gone > 0 then redis.call('HINCRBY', t, 'peers', -gone) end
          return gone
        end

        """;

    /// <summary>
    /// KEYS: s, l, p, c, swarms, totals. ARGV: infohash, member, now, cutoff, event (none|completed|started|stopped),
    /// seeder (1/0), key, uploaded, downloaded, numwant, maxSwarms, maxPeers.
    /// Returns {status (0 ok, 1 swarm limit), seeders, leechers, completed, peers (concatenated 18-byte members)}.
    /// </summary>
    public static readonly RedisScript Announce = new(Common + """
        local s, l, p, c, sw, t = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        local id, m, now, cutoff, ev = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
        local seeder, key, up, down = ARGV[6] == '1', ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9])
        local want, maxSwarms, maxPeers = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
        expire(s, l, p, t, cutoff)
        if redis.call('SISMEMBER', sw, id) == 0 then
          if ev == 'stopped' then return {0, 0, 0, 0, ''} end
          if redis.call('SCARD', sw) >= maxSwarms then return {1, 0, 0, 0, ''} end
          redis.call('SADD', sw, id)
        end
        redis.call('HSET', c, 'last', now)
        local state = redis.call('HGET', p, m)
        local cc = '0'
        if state then
          local k, u, d, f = string.match(state, '^(.*):(%d+):(%d+):(%d)$')
          u = tonumber(u)
          d = tonumber(d)
          if k == key and up >= u and down >= d then
            add(c, 'uploaded', up - u); add(t, 'uploaded', up - u)
            add(c, 'downloaded', down - d); add(t, 'downloaded', down - d)
            cc = f
          end
        end
        if ev == 'stopped' then
          if state then
            redis.call('HDEL', p, m); redis.call('ZREM', s, m); redis.call('ZREM', l, m)
            redis.call('HINCRBY', t, 'peers', -1)
          end
          return {0, redis.call('ZCARD', s), redis.call('ZCARD', l), tonumber(redis.call('HGET', c, 'completed') or '0'), ''}
        end
        local present = state ~= false
        if not present and redis.call('ZCARD', s) + redis.call('ZCARD', l) < maxPeers then
          present = true
          redis.call('HINCRBY', t, 'peers', 1)
        end
        if present then
          if ev == 'completed' and cc == '0' then
            cc = '1'
            redis.call('HINCRBY', c, 'completed', 1); redis.call('HINCRBY', t, 'completed', 1)
          end
          redis.call('HSET', p, m, key .. ':' .. ARGV[8] .. ':' .. ARGV[9] .. ':' .. cc)
          if seeder then
            redis.call('ZADD', s, now, m); redis.call('ZREM', l, m)
          else
            redis.call('ZADD', l, now, m); redis.call('ZREM', s, m)
          end
        end
        local out, n = {}, 0
        local function pick(z)
          if n >= want then return end
          local r = redis.call('ZRANDMEMBER', z, want + 1 - n)
          for i = 1, #r do
            if n >= want then return end
            if r[i] ~= m then n = n + 1; out[n] = r[i] end
          end
        end
        if want > 0 then
          if not seeder then pick(s) end
          pick(l)
        end
        return {0, redis.call('ZCARD', s), redis.call('ZCARD', l), tonumber(redis.call('HGET', c, 'completed') or '0'), table.concat(out)}
        """);

    /// <summary>KEYS: s, l, c, swarms. ARGV: infohash, cutoff. Returns nil or {seeders, leechers, completed, uploaded, downloaded}.</summary>
    public static readonly RedisScript Statistics = new("""
        if redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 0 then return false end
        local v = redis.call('HMGET', KEYS[3], 'completed', 'uploaded', 'downloaded')
        return {redis.call('ZCOUNT', KEYS[1], ARGV[2], '+inf'), redis.call('ZCOUNT', KEYS[2], ARGV[2], '+inf'),
          v[1] or '0', v[2] or '0', v[3] or '0'}
        """);

    /// <summary>KEYS: swarms, totals. Returns {swarms, peers, completed, uploaded, downloaded}.</summary>
    public static readonly RedisScript Totals = new("""
        local v = redis.call('HMGET', KEYS[2], 'peers', 'completed', 'uploaded', 'downloaded')
        return {redis.call('SCARD', KEYS[1]), v[1] or '0', v[2] or '0', v[3] or '0', v[4] or '0'}
        """);

    /// <summary>
    /// KEYS: s, l, p, c, swarms, totals. ARGV: infohash, peer cutoff, swarm cutoff. Expires peers; drops the swarm when it
    /// is empty and was last announced before the swarm cutoff. Returns peers removed.
    /// </summary>
    public static readonly RedisScript Sweep = new(Common + """
        local gone = expire(KEYS[1], KEYS[2], KEYS[3], KEYS[6], ARGV[2])
        if redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) == 0 then
          local last = tonumber(redis.call('HGET', KEYS[4], 'last') or '0')
          if last < tonumber(ARGV[3]) then
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
            redis.call('SREM', KEYS[5], ARGV[1])
          end
        end
        return gone
        """);
}
