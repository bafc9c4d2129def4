using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Publisher.Service.Tracker.Redis;

/// <summary>
/// One TCP connection to Redis, multiplexed: callers write whole commands under a lock and queue a completion in the
/// same order; a single reader loop parses replies and completes them first-in first-out. Any I/O error, malformed
/// reply or timeout faults the connection (a late reply would desynchronise the queue) and fails everything pending.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentQueue<TaskCompletionSource<RespValue>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _reader;
    private Exception? _fault;

    private RedisConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = Task.Run(ReadLoopAsync);
    }

    public bool IsFaulted => Volatile.Read(ref _fault) is not null;

    /// <summary>Connects, authenticates and selects the database, all within <paramref name="timeout"/>.</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new RedisUnavailableException($"Cannot connect to Redis at {endpoint}: {ex.Message}", ex);
        }

        var connection = new RedisConnection(socket);
        try
        {
            if (endpoint.Password is not null)
            {
                var auth = endpoint.User is null
                    ? new RespRequest(2).Add("AUTH").Add(endpoint.Password)
                    : new RespRequest(3).Add("AUTH").Add(endpoint.User).Add(endpoint.Password);
                await connection.ExpectOkAsync(auth, "AUTH", timeout, cancellationToken);
            }

            if (endpoint.Database != 0)
            {
                await connection.ExpectOkAsync(new RespRequest(2).Add("SELECT").Add(endpoint.Database), "SELECT", timeout, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one command and waits for its reply (an error reply is returned, not thrown).</summary>
    public async Task<RespValue> ExecuteAsync(RespRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var bytes = request.Written;
        var completion = new TaskCompletionSource<RespValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfFaulted();
            _pending.Enqueue(completion);

            // Not the caller's token: a half-written command would corrupt the stream for everyone.
            using var writeDeadline = new CancellationTokenSource(timeout);
            await _stream.WriteAsync(bytes, writeDeadline.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Fault(new RedisUnavailableException($"Writing to Redis failed: {ex.Message}", ex));
            ThrowIfFaulted();
            throw;
        }
        finally
        {
            _writeGate.Release();
        }

        try
        {
            return await completion.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            Fault(new RedisUnavailableException($"Redis did not answer within {timeout.TotalMilliseconds} ms.", ex));
            throw new RedisUnavailableException($"Redis did not answer within {timeout.TotalMilliseconds} ms.", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Fault(new RedisUnavailableException("The Redis connection was closed."));
        try
        {
            await _reader;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The reader ends by observing the closed socket; its error is already recorded as the fault.
        }

        _closing.Dispose();
        _writeGate.Dispose();
    }

    private async Task ExpectOkAsync(RespRequest request, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await ExecuteAsync(request, timeout, cancellationToken);
        if (reply.Kind == RespKind.Error)
        {
            throw new RedisUnavailableException($"Redis refused {name}: {reply.Text}");
        }
    }

    private void ThrowIfFaulted()
    {
        var fault = Volatile.Read(ref _fault);
        if (fault is not null)
        {
            throw fault as RedisUnavailableException ?? new RedisUnavailableException(fault.Message, fault);
        }
    }

    private void Fault(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _fault, exception, null) is null)
        {
            _closing.Cancel();
            _stream.Dispose();
        }

        var error = Volatile.Read(ref _fault)!;
        while (_pending.TryDequeue(out var waiter))
        {
            waiter.TrySetException(error as RedisUnavailableException ?? new RedisUnavailableException(error.Message, error));
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= RedisLimits.MaxReplyBytes)
                    {
                        throw new RedisProtocolException($"A Redis reply exceeds {RedisLimits.MaxReplyBytes} bytes.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, RedisLimits.MaxReplyBytes));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(filled), _closing.Token);
                if (read == 0)
                {
                    throw new RedisUnavailableException("Redis closed the connection.");
                }

                filled += read;
                var start = 0;
                while (RespParser.TryParse(buffer.AsSpan(start, filled - start), out var reply, out var consumed))
                {
                    start += consumed;
                    if (!_pending.TryDequeue(out var waiter))
                    {
                        throw new RedisProtocolException("Redis sent a reply nobody asked for.");
                    }

                    waiter.TrySetResult(reply!);
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or RedisProtocolException or RedisUnavailableException)
        {
            Fault(ex is RedisUnavailableException ? ex : new RedisUnavailableException($"Reading from Redis failed: {ex.Message}", ex));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
