namespace Publisher.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted (best effort) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the directory.</summary>
    public TempDirectory(string? prefix = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix ?? "publisher"}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>Combines <paramref name="parts"/> under this directory.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="length"/> deterministic pseudo-random bytes (seeded) to a file under this directory.</summary>
    public string WriteRandomFile(string relativePath, long length, int seed)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        var buffer = new byte[Math.Min(length, 1 << 20)];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var remaining = length;
        while (remaining > 0)
        {
            var count = (int)Math.Min(buffer.Length, remaining);
            random.NextBytes(buffer.AsSpan(0, count));
            stream.Write(buffer, 0, count);
            remaining -= count;
        }

        return path;
    }

    /// <summary>Deletes the directory and everything in it.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file; the temp folder is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
