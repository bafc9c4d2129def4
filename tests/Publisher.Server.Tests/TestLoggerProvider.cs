using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Publisher.Server.Tests;

/// <summary>Captures every log entry of a host (for assertions) and echoes it to the test output.</summary>
public sealed class TestLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class CapturingLogger(TestLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            provider._entries.Enqueue(new LogEntry(category, logLevel, eventId, message, exception));
            try
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{logLevel} {category}[{eventId.Id}] {message}");
            }
            catch (InvalidOperationException)
            {
                // No test is running: nothing to echo to.
            }
        }
    }
}
