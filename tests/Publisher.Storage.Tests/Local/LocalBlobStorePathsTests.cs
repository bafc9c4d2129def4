using Publisher.Storage.Local;
using Publisher.TestSupport;
using Xunit;

namespace Publisher.Storage.Tests.Local;

/// <summary>
/// What a host needs to let a program on the same machine write blobs itself: the path of a key, whether a file is a
/// plain one reached without links, deleting a folder without following links, and a listing that does not descend
/// into linked folders.
/// </summary>
public sealed class LocalBlobStorePathsTests : IDisposable
{
    private readonly TempDirectory _root = new("publisher-blobs");
    private readonly TempDirectory _outside = new("publisher-outside");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void GetLocalPath_ValidKey_IsTheFileUnderTheRoot()
    {
        var store = NewStore();

        var path = store.GetLocalPath("staging/abc/game/bin/run");

        Assert.Equal(Path.Combine(store.RootDirectory, "staging", "abc", "game", "bin", "run"), path);
        Assert.True(Path.IsPathFullyQualified(path));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/etc/passwd")]
    [InlineData(".incoming/x")]
    public void GetLocalPath_UnsafeKey_Throws(string key)
    {
        var store = NewStore();

        Assert.Throws<InvalidBlobKeyException>(() => store.GetLocalPath(key));
    }

    [Fact]
    public async Task IsPlainFile_RegularFileWrittenByAnotherProgram_IsTrueAndReadable()
    {
        var store = NewStore();
        var path = store.GetLocalPath("staging/u/game/data.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, [1, 2, 3], Token);

        Assert.True(store.IsPlainFile("staging/u/game/data.bin"));
        Assert.Equal(3, (await store.GetPropertiesAsync("staging/u/game/data.bin", Token))!.Length);
    }

    [Fact]
    public void IsPlainFile_MissingFileOrFolder_IsFalse()
    {
        var store = NewStore();
        Directory.CreateDirectory(store.GetLocalPath("staging/u/folder"));

        Assert.False(store.IsPlainFile("staging/u/none"));
        Assert.False(store.IsPlainFile("staging/none/none"));
        Assert.False(store.IsPlainFile("staging/u/folder"));
    }

    [Fact]
    public async Task IsPlainFile_SymbolicLinkToAFileOutside_IsFalse()
    {
        var store = NewStore();
        var secret = _outside.WriteRandomFile("secret", 100, 1);
        var path = store.GetLocalPath("staging/u/game/data.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, secret);

        Assert.False(store.IsPlainFile("staging/u/game/data.bin"));
        Assert.NotNull(await store.GetPropertiesAsync("staging/u/game/data.bin", Token)); // What every other call sees.
    }

    [Fact]
    public void IsPlainFile_FileUnderALinkedFolder_IsFalse()
    {
        var store = NewStore();
        _outside.WriteRandomFile("tree/data.bin", 100, 2);
        var folder = store.GetLocalPath("staging/u/game");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        Directory.CreateSymbolicLink(folder, _outside.Combine("tree"));

        Assert.True(File.Exists(store.GetLocalPath("staging/u/game/data.bin")));
        Assert.False(store.IsPlainFile("staging/u/game/data.bin"));
    }

    [Fact]
    public void IsPlainFile_RootItselfALink_IsStillTrue()
    {
        var real = _outside.Combine("real-root");
        Directory.CreateDirectory(real);
        var linkedRoot = _root.Combine("root-link");
        Directory.CreateSymbolicLink(linkedRoot, real);
        var store = new LocalBlobStore(new LocalBlobStoreOptions { RootDirectory = linkedRoot });
        Directory.CreateDirectory(store.GetLocalPath("staging/u"));
        File.WriteAllBytes(store.GetLocalPath("staging/u/a"), [1]);

        Assert.True(store.IsPlainFile("staging/u/a"));
    }

    [Fact]
    public async Task IsPlainFile_Fifo_IsFalse()
    {
        var mkfifo = ExternalTool.Require("mkfifo", "coreutils");
        var store = NewStore();
        var path = store.GetLocalPath("staging/u/pipe");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var made = await ChildProcess.RunAsync(mkfifo, [path], TimeSpan.FromSeconds(30), Token);
        Assert.Equal(0, made.ExitCode);

        Assert.True(File.Exists(path)); // .NET sees a FIFO as a file.
        Assert.False(store.IsPlainFile("staging/u/pipe"));
    }

    [Fact]
    public async Task MoveAsync_FlushToDisk_MovesAFileWrittenOutsideTheStore()
    {
        var store = NewStore(flush: true);
        var path = store.GetLocalPath("staging/u/game/a.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[70_000];
        new Random(3).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes, Token);

        Assert.True(await store.MoveAsync("staging/u/game/a.bin", "releases/h/game/a.bin", Token));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.GetLocalPath("releases/h/game/a.bin"), Token));
        Assert.False(Directory.Exists(store.GetLocalPath("staging")));
        Assert.False(await store.MoveAsync("staging/u/game/a.bin", "releases/h/game/b.bin", Token));
    }

    [Fact]
    public async Task MoveAsync_FlushToDiskAndAFifo_RenamesWithoutOpeningIt()
    {
        var mkfifo = ExternalTool.Require("mkfifo", "coreutils");
        var store = NewStore(flush: true);
        var path = store.GetLocalPath("staging/u/pipe");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Assert.Equal(0, (await ChildProcess.RunAsync(mkfifo, [path], TimeSpan.FromSeconds(30), Token)).ExitCode);

        // Opening the FIFO to flush it would wait for a writer forever.
        var move = store.MoveAsync("staging/u/pipe", "moved/pipe", Token);

        Assert.True(await move.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.False(store.IsPlainFile("moved/pipe"));
    }

    [Fact]
    public async Task DeleteFolder_LinksInside_RemovesTheLinksNotWhatTheyPointTo()
    {
        var store = NewStore();
        var secret = _outside.WriteRandomFile("tree/secret", 100, 4);
        var folder = store.GetLocalPath("staging/u");
        Directory.CreateDirectory(Path.Combine(folder, "game", "empty"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "game", "a.bin"), [1, 2], Token);
        Directory.CreateSymbolicLink(Path.Combine(folder, "game", "linked"), _outside.Combine("tree"));
        File.CreateSymbolicLink(Path.Combine(folder, "game", "file-link"), secret);
        File.CreateSymbolicLink(Path.Combine(folder, "game", "dangling"), _outside.Combine("none"));

        Assert.True(store.DeleteFolder("staging/u"));

        Assert.False(Path.Exists(folder));
        Assert.False(Directory.Exists(store.GetLocalPath("staging")));
        Assert.True(File.Exists(secret));
        Assert.False(store.DeleteFolder("staging/u"));
    }

    [Fact]
    public void DeleteFolder_FolderIsALink_RemovesOnlyTheLink()
    {
        var store = NewStore();
        var secret = _outside.WriteRandomFile("tree/secret", 100, 5);
        var folder = store.GetLocalPath("staging/u");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        Directory.CreateSymbolicLink(folder, _outside.Combine("tree"));

        Assert.True(store.DeleteFolder("staging/u"));

        Assert.False(Path.Exists(folder));
        Assert.True(File.Exists(secret));
    }

    [Fact]
    public void DeleteFolder_ParentIsALink_LeavesEverything()
    {
        var store = NewStore();
        var secret = _outside.WriteRandomFile("tree/u/secret", 100, 6);
        Directory.CreateSymbolicLink(store.GetLocalPath("staging"), _outside.Combine("tree"));

        Assert.False(store.DeleteFolder("staging/u"));

        Assert.True(File.Exists(secret));
    }

    [Fact]
    public async Task ListAsync_LinkedFolderInside_IsNotDescendedInto()
    {
        var store = NewStore();
        _outside.WriteRandomFile("tree/secret", 100, 7);
        await store.PutAsync("staging/u/a.bin", new MemoryStream([1]), null, Token);
        Directory.CreateSymbolicLink(store.GetLocalPath("staging/u/linked"), _outside.Combine("tree"));

        var keys = new List<string>();
        await foreach (var blob in store.ListAsync("staging/", Token))
        {
            keys.Add(blob.Key);
        }

        Assert.Equal(["staging/u/a.bin"], keys);
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    private LocalBlobStore NewStore(bool flush = false) => new(new LocalBlobStoreOptions { RootDirectory = _root.Combine("blobs"), FlushToDisk = flush });
}
