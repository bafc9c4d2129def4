using Xunit;

namespace Publisher.Service.Tests.Tracker;

/// <summary>Memory measurements run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(nameof(MemoryMeasurementCollection), DisableParallelization = true)]
public sealed class MemoryMeasurementCollection;
