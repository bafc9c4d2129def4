using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Publisher.Service.Hosting;

/// <summary>The data directory resolved against the content root, and the files the service keeps in it.</summary>
internal sealed class PublisherPaths
{
    public PublisherPaths(IOptions<PublisherOptions> options, IHostEnvironment? environment = null)
    {
        var root = environment?.ContentRootPath ?? Environment.CurrentDirectory;
        DataDirectory = Path.GetFullPath(Path.Combine(root, options.Value.DataDirectory));
    }

    /// <summary>The absolute data directory (created at start-up).</summary>
    public string DataDirectory { get; }

    /// <summary>The embedded catalogue's database file.</summary>
    public string SqliteDatabase => Path.Combine(DataDirectory, "publisher.db");

    /// <summary>The publisher's ECDSA P-256 signing key (PKCS#8 PEM, owner-only permissions).</summary>
    public string SigningKey => Path.Combine(DataDirectory, "signing-key.pem");

    /// <summary>Creates the data directory when it does not exist yet (owner-only on Unix).</summary>
    public void EnsureDataDirectory()
    {
        if (Directory.Exists(DataDirectory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(DataDirectory);
        }
        else
        {
            Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
