using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Publisher.Service.Tests.Seeding;

/// <summary>Keeps every log entry's named values (the structured state behind the message).</summary>
internal sealed class StateCapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, IReadOnlyDictionary<string, object?> Properties)> _states = new();

    public IReadOnlyCollection<(int EventId, IReadOnlyDictionary<string, object?> Properties)> States => _states;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(StateCapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    properties[key] = value;
                }
            }

            provider._states.Enqueue((eventId.Id, properties));
        }
    }
}
