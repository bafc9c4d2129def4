using System.CommandLine;
using Publisher.Torrent.Bencoding;
using Publisher.Torrent.Metainfo;
using Publisher.Torrent.Metainfo.Creation;

namespace Publisher.Cli;

/// <summary>The <c>publisher</c> command line, callable in-process so tests need not spawn it.</summary>
public static class CliApp
{
    /// <summary>Exit code of a command that did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a command that failed; one line on stderr says why.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a command line that could not be understood.</summary>
    public const int Usage = 2;

    /// <summary>Runs the command line and returns its exit code: 0 success, 1 failure, 2 usage.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="cancellationToken">Stops a long-running command.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var context = new CliContext(stdout, stderr);
        var root = new RootCommand("publisher: create, inspect, verify, download and seed torrents (BitTorrent v1, v2 and hybrid); publish releases to and run a Publisher service.")
        {
            CreateCommand.Build(context),
            ShowCommand.Build(context),
            VerifyCommand.Build(context),
            DownloadCommand.Build(context),
            SeedCommand.Build(context),
            PublishCommand.Build(context),
            KeysCommand.Build(context),
            StatsCommand.Build(context),
            ServeCommand.Build(context),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var command = parsed.CommandResult.Command.Name;
            await stderr.WriteLineAsync($"publisher: {OneLine(parsed.Errors[0].Message)} (see 'publisher {(command == root.Name ? string.Empty : command + " ")}--help')").ConfigureAwait(false);
            return Usage;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsUserFacing(error))
        {
            await stderr.WriteLineAsync($"publisher: {OneLine(error.Message)}").ConfigureAwait(false);
            return Failure;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("publisher: cancelled").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>Failures caused by the input or the environment, as opposed to bugs.</summary>
    private static bool IsUserFacing(Exception error) =>
        error is TorrentCreationException or InvalidTorrentException or BencodeException or IOException or UnauthorizedAccessException;

    private static string OneLine(string message) => string.Join(" ", message.Split([" ", "\t", "\r", "\n"], StringSplitOptions.RemoveEmptyEntries));
}
