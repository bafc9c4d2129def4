namespace Publisher.Cli;

/// <summary>The <c>publisher</c> command line, callable in-process so tests need not spawn it.</summary>
public static class CliApp
{
    /// <summary>Runs the command line and returns its exit code: 0 success, 1 failure, 2 usage.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="cancellationToken">Stops a long-running command.</param>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        cancellationToken.ThrowIfCancellationRequested();
        stderr.WriteLine("usage: publisher <create|show|verify|download|seed|serve|publish|stats> ...");
        return Task.FromResult(2);
    }
}
