using System.Reflection;
using Publisher.Benchmarks;

// Usage: dotnet run -c Release --project tests/Publisher.Benchmarks -- <name> [options]
var benchmarks = new SortedDictionary<string, IBenchmark>(StringComparer.OrdinalIgnoreCase);
foreach (var type in Assembly.GetExecutingAssembly().GetTypes())
{
    if (type.IsClass && !type.IsAbstract && typeof(IBenchmark).IsAssignableFrom(type))
    {
        var benchmark = (IBenchmark)Activator.CreateInstance(type)!;
        benchmarks.Add(benchmark.Name, benchmark);
    }
}

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var selected))
{
    Console.Error.WriteLine("usage: Publisher.Benchmarks <name> [options]");
    foreach (var (name, benchmark) in benchmarks)
    {
        Console.Error.WriteLine($"  {name,-16} {benchmark.Description}");
    }

    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
return await selected.RunAsync(args[1..], cts.Token);
