using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Publisher.Service.Hosting;

namespace Publisher.Service.Signing;

/// <summary>
/// The publisher's ECDSA P-256 key, generated on first start into the data directory (PKCS#8 PEM, owner-only
/// on Unix) and loaded on later starts. It signs release manifests (ES256, IEEE P1363 signatures); its public
/// half is published so clients can check what they download comes from this publisher.
/// </summary>
internal sealed partial class SigningKeyStore : IDisposable
{
    private readonly PublisherPaths _paths;
    private readonly ILogger<SigningKeyStore> _logger;
    private readonly Lazy<ECDsa> _key;
    private readonly Lazy<SigningPublicKey> _publicKey;

    public SigningKeyStore(PublisherPaths paths, ILogger<SigningKeyStore> logger)
    {
        _paths = paths;
        _logger = logger;
        _key = new Lazy<ECDsa>(LoadOrCreate, LazyThreadSafetyMode.ExecutionAndPublication);
        _publicKey = new Lazy<SigningPublicKey>(() => SigningPublicKey.From(_key.Value), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The public half: PEM, JWK and key id.</summary>
    public SigningPublicKey PublicKey => _publicKey.Value;

    /// <summary>Loads (or creates) the key now, so a broken key file stops start-up instead of a later request.</summary>
    public void EnsureLoaded() => _ = _publicKey.Value;

    /// <summary>Signs <paramref name="data"/> with SHA-256 (ES256); the signature is r||s, 64 bytes.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.Value.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>
    /// A JWS in flattened JSON serialization (RFC 7515 section 7.2.2) over <paramref name="payload"/>:
    /// protected header <c>{"alg":"ES256","kid":...,"typ":...}</c>, base64url payload, ES256 signature.
    /// </summary>
    public FlattenedJws SignJws(ReadOnlySpan<byte> payload, string type)
    {
        var header = $$"""{"alg":"ES256","kid":"{{PublicKey.KeyId}}","typ":"{{type}}"}""";
        var encodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        var encodedPayload = Base64Url.EncodeToString(payload);
        var signature = Sign(Encoding.ASCII.GetBytes(encodedHeader + "." + encodedPayload));
        return new FlattenedJws(encodedHeader, encodedPayload, Base64Url.EncodeToString(signature));
    }

    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value.Dispose();
        }
    }

    private ECDsa LoadOrCreate()
    {
        _paths.EnsureDataDirectory();
        var path = _paths.SigningKey;
        if (!File.Exists(path))
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            WriteOwnerOnly(temporary, created.ExportPkcs8PrivateKeyPem());
            try
            {
                // Publish atomically; if another instance got there first, its key wins and ours is dropped.
                File.Move(temporary, path, overwrite: false);
                Log.SigningKeyCreated(_logger, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                throw new InvalidOperationException($"The signing key in '{path}' is not a P-256 key; move it away to have a new one generated.");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"The signing key in '{path}' cannot be read ({exception.Message}); restore it from a backup, or move it away to have a new one generated.", exception);
        }

        Log.SigningKeyLoaded(_logger, path);
        return key;
    }

    private static void WriteOwnerOnly(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(contents));
        stream.Flush(flushToDisk: true);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.SigningKeyCreated, Level = LogLevel.Information, Message = "Created a new publisher signing key in {Path}")]
        public static partial void SigningKeyCreated(ILogger logger, string path);

        [LoggerMessage(EventId = ServiceEventIds.SigningKeyLoaded, Level = LogLevel.Debug, Message = "Loaded the publisher signing key from {Path}")]
        public static partial void SigningKeyLoaded(ILogger logger, string path);
    }
}
