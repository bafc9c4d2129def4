using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Publisher.Service.Tests.Testing;

/// <summary>Captures every log entry (for assertions) and echoes it to the test output.</summary>
public sealed class TestLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>
    /// Entries at error level or above (where ASP.NET Core reports unhandled exceptions), or warnings carrying an
    /// exception: a well-behaved run has none. (Kestrel's debug-level notes about rejected request bodies are fine.)
    /// </summary>
    public IReadOnlyList<LogEntry> Errors() => _entries.Where(e => e.Level >= LogLevel.Error || (e.Level >= LogLevel.Warning && e.Exception is not null)).ToList();

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class CapturingLogger(TestLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            provider._entries.Enqueue(new LogEntry(category, logLevel, eventId, message, exception));
            try
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{logLevel} {category}[{eventId.Id}] {message}{(exception is null ? string.Empty : "\n" + exception)}");
            }
            catch (InvalidOperationException)
            {
                // No test is running (host shutting down after the test): nothing to echo to.
            }
        }
    }
}
