namespace Publisher.Service.Tracker.Redis;

/// <summary>
/// A small pool of multiplexed <see cref="RedisConnection"/>s to one endpoint. A broken connection is replaced on the
/// next command that lands on its slot (reconnect on failure); nothing is retried, so a command runs at most once.
/// </summary>
internal sealed class RedisClient : IAsyncDisposable
{
    private readonly RedisEndpoint _endpoint;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _commandTimeout;
    private readonly RedisConnection?[] _connections;
    private readonly SemaphoreSlim[] _gates;
    private int _next;

    public RedisClient(RedisEndpoint endpoint, int connections, TimeSpan connectTimeout, TimeSpan commandTimeout)
    {
        _endpoint = endpoint;
        _connectTimeout = connectTimeout;
        _commandTimeout = commandTimeout;
        _connections = new RedisConnection?[Math.Clamp(connections, 1, 64)];
        _gates = new SemaphoreSlim[_connections.Length];
        for (var i = 0; i < _gates.Length; i++)
        {
            _gates[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Runs one command; an error reply becomes a <see cref="RedisUnavailableException"/>.</summary>
    public async Task<RespValue> ExecuteAsync(RespRequest request, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        var reply = await connection.ExecuteAsync(request, _commandTimeout, cancellationToken);
        return reply.Kind == RespKind.Error ? throw new RedisUnavailableException($"Redis answered an error: {reply.Text}") : reply;
    }

    /// <summary>Runs <paramref name="script"/> by its SHA-1 (EVALSHA), loading it with EVAL when Redis does not know it yet.</summary>
    public async Task<RespValue> EvalAsync(RedisScript script, ReadOnlyMemory<byte>[] keys, ReadOnlyMemory<byte>[] arguments, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        var reply = await connection.ExecuteAsync(Build("EVALSHA", script.Sha1, keys, arguments), _commandTimeout, cancellationToken);
        if (reply.Kind == RespKind.Error && reply.Bytes is not null && reply.Bytes.AsSpan().StartsWith("NOSCRIPT"u8))
        {
            reply = await connection.ExecuteAsync(Build("EVAL", script.Source, keys, arguments), _commandTimeout, cancellationToken);
        }

        return reply.Kind == RespKind.Error ? throw new RedisUnavailableException($"Redis answered an error: {reply.Text}") : reply;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _connections.Length; i++)
        {
            if (_connections[i] is { } connection)
            {
                await connection.DisposeAsync();
            }

            _gates[i].Dispose();
        }
    }

    private static RespRequest Build(string command, string scriptOrSha, ReadOnlyMemory<byte>[] keys, ReadOnlyMemory<byte>[] arguments)
    {
        var request = new RespRequest(3 + keys.Length + arguments.Length, 512).Add(command).Add(scriptOrSha).Add(keys.Length);
        foreach (var key in keys)
        {
            request.Add(key.Span);
        }

        foreach (var argument in arguments)
        {
            request.Add(argument.Span);
        }

        return request;
    }

    private async ValueTask<RedisConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var slot = (int)((uint)Interlocked.Increment(ref _next) % (uint)_connections.Length);
        var current = Volatile.Read(ref _connections[slot]);
        if (current is { IsFaulted: false })
        {
            return current;
        }

        await _gates[slot].WaitAsync(cancellationToken);
        try
        {
            current = _connections[slot];
            if (current is { IsFaulted: false })
            {
                return current;
            }

            if (current is not null)
            {
                await current.DisposeAsync();
                _connections[slot] = null;
            }

            var fresh = await RedisConnection.ConnectAsync(_endpoint, _connectTimeout, cancellationToken);
            Volatile.Write(ref _connections[slot], fresh);
            return fresh;
        }
        finally
        {
            _gates[slot].Release();
        }
    }
}
