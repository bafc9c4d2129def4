using System.Reflection;

namespace Publisher.Cli;

/// <summary>What every command writes to: results on stdout, errors and progress on stderr.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error)
{
    /// <summary>Written into torrents as <c>created by</c>.</summary>
    public static string CreatedBy { get; } =
        "Publisher " + (typeof(CliContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>A progress line on stderr, shown only when stderr is the console and not redirected.</summary>
    public ProgressDisplay StartProgress(string label)
    {
        var interactive = ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;
        return new ProgressDisplay(interactive ? Error : null, label, TimeProvider.System);
    }
}
