using System.Collections.Concurrent;
using Publisher.Torrent.Wire;

namespace Publisher.Torrent.Engine;

/// <content>Answers to the peer's BEP 52 hash requests, queued by the read loop and sent by the sender loop.</content>
internal sealed partial class PeerSession
{
    private readonly ConcurrentQueue<(HashRequest Request, byte[]? Hashes, bool Deferred)> _hashReplies = new();

    /// <summary>
    /// Queues a hashes message (or a hash reject when <paramref name="hashes"/> is null; a <paramref name="deferred"/>
    /// block-hash request is answered from disk by the sender loop); false when the peer already has
    /// <see cref="ProtocolLimits.MaxQueuedHashReplies"/> answers waiting.
    /// </summary>
    public bool QueueHashReply(HashRequest request, byte[]? hashes, bool deferred)
    {
        if (_hashReplies.Count >= ProtocolLimits.MaxQueuedHashReplies)
        {
            return false;
        }

        _hashReplies.Enqueue((request, hashes, deferred));
        Signal();
        return true;
    }

    private async ValueTask SendHashRepliesAsync(CancellationToken cancellationToken)
    {
        while (_hashReplies.TryDequeue(out var reply))
        {
            if (reply.Deferred)
            {
                reply.Hashes = Torrent.AnswerBlockHashRequest(reply.Request);
            }

            var sent = reply.Hashes is null
                ? await Connection.SendHashRequestAsync(PeerMessageId.HashReject, reply.Request, cancellationToken).ConfigureAwait(false)
                : await Connection.SendHashesAsync(reply.Request, reply.Hashes, cancellationToken).ConfigureAwait(false);
            if (!sent)
            {
                return;
            }
        }
    }
}
