using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Publisher.Service.Tests.Tracker;

/// <summary>Keeps every log entry (and writes it to the test output), so tests can assert no exception was logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Entries with an exception or at Error level and above.</summary>
    public List<LogEntry> Problems()
    {
        var problems = new List<LogEntry>();
        foreach (var entry in _entries)
        {
            if (entry.Exception is not null || entry.Level >= LogLevel.Error)
            {
                problems.Add(entry);
            }
        }

        return problems;
    }

    internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message} {Exception}";
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new LogEntry(category, logLevel, formatter(state, exception), exception);
            owner._entries.Enqueue(entry);
            try
            {
                Xunit.TestContext.Current.TestOutputHelper?.WriteLine(entry.ToString());
            }
            catch (InvalidOperationException)
            {
                // Logged outside a running test.
            }
        }
    }
}
