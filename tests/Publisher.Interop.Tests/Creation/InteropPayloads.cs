using Publisher.TestSupport;

namespace Publisher.Interop.Tests.Creation;

/// <summary>Small payloads for the creation interop tests: one file, or a folder with awkward names.</summary>
internal static class InteropPayloads
{
    /// <summary>Writes the payload under <c>temp/data</c> and returns the path to give a creator.</summary>
    public static string Write(TempDirectory temp, bool multiFile)
    {
        if (!multiFile)
        {
            return temp.WriteRandomFile("data/single payload ü.bin", 1_300_000, seed: 11);
        }

        temp.WriteRandomFile("data/release 1/readme.txt", 1_000, seed: 12);
        temp.WriteRandomFile("data/release 1/bin/app with spaces.dll", 700_000, seed: 13);
        temp.WriteRandomFile("data/release 1/données/ファイル.dat", 300_001, seed: 14);
        temp.WriteRandomFile("data/release 1/z-last.bin", 262_144, seed: 15);
        return temp.Combine("data", "release 1");
    }

    /// <summary>A file of the payload to corrupt, and its name as verify prints it (relative to the data folder).</summary>
    public static (string FullPath, string Printed) Victim(TempDirectory temp, bool multiFile) => multiFile
        ? (temp.Combine("data", "release 1", "données", "ファイル.dat"), "release 1/données/ファイル.dat")
        : (temp.Combine("data", "single payload ü.bin"), "single payload ü.bin");

    /// <summary>Flips one byte in the middle of <paramref name="path"/>.</summary>
    public static void CorruptOneByte(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var offset = stream.Length / 2;
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0xFF));
    }
}
