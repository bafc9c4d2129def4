using System.Net;
using Publisher.TestSupport;

namespace Publisher.Torrent.Tests.Trackers;

/// <summary>A scripted HTTP tracker on 127.0.0.1 (HttpListener): records raw request URLs and answers with the handler's reply.</summary>
internal sealed class FakeHttpTracker : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, Reply?> _handler;
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<string> _requests = [];

    public FakeHttpTracker(Func<HttpListenerRequest, Reply?> handler)
    {
        _handler = handler;
        var port = LoopbackPort.GetFreeTcpPort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    public List<string> RawUrls
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _requests.Add(context.Request.RawUrl ?? string.Empty);
            }

            _ = Task.Run(async () =>
            {
                var reply = _handler(context.Request);
                if (reply is null)
                {
                    return; // never answer: the client must time out
                }

                try
                {
                    context.Response.StatusCode = reply.Status;
                    context.Response.SendChunked = reply.Chunked;
                    if (!reply.Chunked)
                    {
                        context.Response.ContentLength64 = reply.Body.Length;
                    }

                    await context.Response.OutputStream.WriteAsync(reply.Body);
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    // The client gave up (e.g. on an oversized reply).
                }
                catch (IOException)
                {
                }
            });
        }
    }

    public sealed record Reply(int Status, byte[] Body, bool Chunked = false);
}
