namespace Publisher.Service.WebSeeds;

/// <summary>What a <c>Range</c> header asks of a representation of known length.</summary>
internal enum ByteRangeKind
{
    /// <summary>No usable range (absent, another unit, malformed, or several ranges): send the whole representation with 200.</summary>
    Whole,

    /// <summary>One satisfiable range: send it with 206 and Content-Range.</summary>
    Partial,

    /// <summary>No requested range overlaps the representation: 416 with <c>Content-Range: bytes */length</c>.</summary>
    Unsatisfiable,
}
