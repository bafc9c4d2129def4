namespace Publisher.Benchmarks;

/// <summary>
/// One side-by-side benchmark: it runs our implementation and the reference tool in the same
/// process run and prints both figures and their ratio (the machine is shared and noisy, so the
/// ratio is what we compare). Implementations are found by reflection; add a class, not a switch case.
/// </summary>
internal interface IBenchmark
{
    /// <summary>The name used on the command line, e.g. <c>create</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured and against which reference.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark, prints its figures, returns the process exit code.</summary>
    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
