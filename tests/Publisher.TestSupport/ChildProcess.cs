using System.Diagnostics;
using System.Text;

namespace Publisher.TestSupport;

/// <summary>
/// A third-party program started by a test. Output is captured (and kept for failure messages);
/// <see cref="DisposeAsync"/> kills the process tree it started, by its own PID, and nothing else.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The OS process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything written to stdout and stderr so far, interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Raised for every line of stdout or stderr.</summary>
    public event Action<string>? LineReceived;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a program to completion (or kills it at <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var child = Start(fileName, arguments, workingDirectory, environment);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await child._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}. Output:\n{child.Output}");
        }

        // WaitForExitAsync returns once the process exits; drain the asynchronous readers too.
        child._process.WaitForExit();
        return new ProcessResult(child._process.ExitCode, child.Output);
    }

    /// <summary>Waits until a line matching <paramref name="predicate"/> has been printed, or fails with the output so far.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(string line)
        {
            if (predicate(line))
            {
                found.TrySetResult(line);
            }
        }

        LineReceived += Handler;
        try
        {
            foreach (var line in Output.Split('\n'))
            {
                Handler(line.TrimEnd('\r'));
            }

            var exited = _process.WaitForExitAsync(cancellationToken);
            var delay = Task.Delay(timeout, cancellationToken);
            var winner = await Task.WhenAny(found.Task, exited, delay);
            if (winner == found.Task)
            {
                return await found.Task;
            }

            var reason = winner == exited ? $"exited with code {_process.ExitCode}" : $"printed no matching line within {timeout}";
            throw new InvalidOperationException($"Process {_process.StartInfo.FileName} {reason}. Output:\n{Output}");
        }
        finally
        {
            LineReceived -= Handler;
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGKILL to the process tree (used by crash tests), then waits for it to go.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Kills the process if it is still running.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Leave it; the OS reaps it when the test host exits.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }

        LineReceived?.Invoke(line);
    }
}

/// <summary>The outcome of <see cref="ChildProcess.RunAsync"/>.</summary>
public sealed record ProcessResult(int ExitCode, string Output);
