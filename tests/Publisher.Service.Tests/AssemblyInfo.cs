// Test collections run one after another in this assembly: Tracker/MemorySwarmStoreTests measures process-wide
// GC.GetTotalMemory, and with the service's web-host tests running in parallel collections it read 108-113 bytes
// per peer (limit 100) in 3 of 7 runs, against 0 of 5 runs without parallel collections. The whole suite still
// finishes in about a minute. Restore parallelism once that measurement no longer depends on what else runs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
