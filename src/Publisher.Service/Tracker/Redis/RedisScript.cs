using System.Security.Cryptography;
using System.Text;

namespace Publisher.Service.Tracker.Redis;

/// <summary>A Lua script and its SHA-1, as EVALSHA names it.</summary>
internal sealed class RedisScript
{
    public RedisScript(string source)
    {
        Source = source;
#pragma warning disable CA5350 // Redis names scripts by SHA-1 (EVALSHA); this is an identifier, not a security use.
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
#pragma warning restore CA5350
    }

    public string Source { get; }

    public string Sha1 { get; }
}
