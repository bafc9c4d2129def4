using Xunit;

namespace Publisher.Service.Tests.Tracker;

public sealed class TrackerBadInputTests
{
    private static readonly string Hash = TrackerQuery.Encode(TrackerQuery.Hash(31));
    private static readonly string PeerId = TrackerQuery.Encode(TrackerQuery.Hash(32));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Cases => new()
    {
        { $"/announce?peer_id={PeerId}&port=6881", "info_hash is missing" },
        { $"/announce?info_hash=%01%02%03&peer_id={PeerId}&port=6881", "info_hash must be 20 percent-encoded bytes" },
        { $"/announce?info_hash={Hash}%00&peer_id={PeerId}&port=6881", "info_hash must be 20 percent-encoded bytes" },
        { $"/announce?info_hash={Hash[..^1]}&peer_id={PeerId}&port=6881", "info_hash must be 20 percent-encoded bytes" },
        { $"/announce?info_hash={Hash}&info_hash={Hash}&peer_id={PeerId}&port=6881", "a parameter appears more than once" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&port=6882", "a parameter appears more than once" },
        { $"/announce?info_hash={Hash}&port=6881", "peer_id is missing" },
        { $"/announce?info_hash={Hash}&peer_id=short&port=6881", "peer_id must be 20 percent-encoded bytes" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}", "port is missing" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=0", "port must be a number from 1 to 65535" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=65536", "port must be a number from 1 to 65535" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=99999999999999999999999", "port must be a number from 1 to 65535" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=abc", "port must be a number from 1 to 65535" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&uploaded=-5", "uploaded must be a non-negative number" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&downloaded=1e9", "downloaded must be a non-negative number" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&left=99999999999999999999", "left must be a non-negative number" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&numwant=lots", "numwant must be a non-negative number" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&numwant=100000000", "numwant is too large" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&numwant=99999999999999999999999999", "numwant is too large" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&event=exploded", "event must be started, completed, stopped or empty" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&compact=2", "compact must be 0 or 1" },
        { $"/announce?info_hash=%ZZ{Hash}&peer_id={PeerId}&port=6881", "info_hash must be 20 percent-encoded bytes" },
        { $"/announce?info_hash={Hash}&peer_id={PeerId}&port=6881&key={new string('k', 100)}", "key is too long" },
        { "/announce", "info_hash is missing" },
        { "/announce?&&&", "info_hash is missing" },
        { "/scrape", "a scrape must name at least one info_hash" },
        { "/scrape?info_hash=%01", "info_hash must be 20 percent-encoded bytes" },
        { "/scrape?" + string.Concat(Enumerable.Repeat($"info_hash={Hash}&", 75)), "too many info_hash values in one scrape" },
        { "/announce?" + string.Concat(Enumerable.Repeat("x=1&", 200)), "too many query parameters" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_BadInput_GetsFailureReasonAndNoException(string url, string expected)
    {
        await using var server = await TrackerTestServer.StartAsync(Token);
        var answer = await TrackerHttpTests.GetAsync(server.Client, url);
        Assert.Equal(expected, TrackerHttpTests.Failure(answer));
        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task Request_RandomQueries_NeverFailTheServer()
    {
        await using var server = await TrackerTestServer.StartAsync(Token);
        var valid = TrackerQuery.Announce(33, 6881, extra: "&numwant=10&event=started&key=abcd&no_peer_id=1");
        var random = new Random(7);
        const string Alphabet = "%&=+0123456789abcdefABCDEFinfo_hashpeer_idportnumwantevent-.~!*'()";
        for (var i = 0; i < 300; i++)
        {
            var chars = valid.ToCharArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(9, chars.Length);
                chars[at] = Alphabet[random.Next(Alphabet.Length)];
            }

            var mutated = i % 3 == 0 ? valid[..random.Next(9, valid.Length)] : new string(chars);
            using var response = await server.Client.GetAsync(new Uri(mutated, UriKind.Relative), Token);
            Assert.True(response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.BadRequest, mutated + " -> " + response.StatusCode);
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                Bencode.DecodeDictionary(await response.Content.ReadAsByteArrayAsync(Token));
            }
        }

        Assert.Empty(server.Logs.Problems());
    }

    [Fact]
    public async Task Request_RawBinaryInQuery_IsRefusedWithoutException()
    {
        await using var server = await TrackerTestServer.StartAsync(Token);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, Token);
        var stream = tcp.GetStream();
        var request = new List<byte>(System.Text.Encoding.ASCII.GetBytes("GET /announce?info_hash="));
        request.AddRange(TrackerQuery.Hash(34).Select(b => (byte)(b | 0x80)));
        request.AddRange(System.Text.Encoding.ASCII.GetBytes($"&peer_id={PeerId}&port=6881 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        await stream.WriteAsync(request.ToArray(), Token);
        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
        var answer = await reader.ReadToEndAsync(Token);
        Assert.True(
            answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal) || answer.Contains("failure reason", StringComparison.Ordinal),
            answer);
        Assert.DoesNotContain(server.Logs.Problems(), entry => entry.Category.StartsWith("Publisher", StringComparison.Ordinal) || entry.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
