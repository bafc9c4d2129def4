using Microsoft.Extensions.Logging;
using Xunit;

namespace Publisher.Storage.Tests.Support;

/// <summary>Writes log lines to the current test's output, so a failing CI run shows what the store did.</summary>
internal sealed class TestOutputLogger<T> : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{logLevel} {eventId.Id}: {formatter(state, exception)}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ": " + exception.Message + ")")}";
        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // Logged after the test finished: nowhere to write it.
        }
    }
}
