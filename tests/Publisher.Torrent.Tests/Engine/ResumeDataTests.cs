using Publisher.Torrent.Pieces;
using Publisher.Torrent.Storage;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Torrent.Tests.Engine;

public sealed class ResumeDataTests
{
    private static readonly byte[] Hash = [.. Enumerable.Range(1, 20).Select(static i => (byte)i)];

    [Fact]
    public void Save_ThenLoad_RoundTripsTheBitfield()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("r", "x.resume");
        var saved = new Bitfield(77);
        saved.Set(0);
        saved.Set(40);
        saved.Set(76);
        ResumeData.Save(path, Hash, saved);
        var loaded = new Bitfield(77);
        Assert.True(ResumeData.TryLoad(path, Hash, loaded));
        Assert.Equal(3, loaded.Count);
        Assert.True(loaded[0] && loaded[40] && loaded[76]);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void TryLoad_OtherTorrentOrDamagedFile_LeavesBitfieldEmpty()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("x.resume");
        var saved = new Bitfield(16);
        saved.SetAll();
        ResumeData.Save(path, Hash, saved);

        var other = new byte[20];
        var target = new Bitfield(16);
        Assert.False(ResumeData.TryLoad(path, other, target));
        Assert.False(ResumeData.TryLoad(path, Hash, new Bitfield(17)));
        var bytes = File.ReadAllBytes(path);
        for (var length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);
            Assert.False(ResumeData.TryLoad(path, Hash, target));
        }

        Assert.True(target.IsEmpty);
        Assert.False(ResumeData.TryLoad(temp.Combine("missing.resume"), Hash, target));
    }
}
