namespace Publisher.Torrent.Bencoding;

/// <summary>What was wrong with a bencoded input.</summary>
public enum BencodeError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input ended in the middle of a value: more bytes are needed.</summary>
    UnexpectedEndOfInput,

    /// <summary>A byte that cannot start or continue a value at this position.</summary>
    UnexpectedByte,

    /// <summary>An integer with a leading zero, <c>-0</c>, no digits, or outside the 64-bit range.</summary>
    InvalidInteger,

    /// <summary>A string length with a leading zero or larger than the input could ever hold.</summary>
    InvalidStringLength,

    /// <summary>Lists and dictionaries nested deeper than the reader's limit.</summary>
    NestingTooDeep,

    /// <summary>A dictionary key that is not a byte string.</summary>
    KeyNotString,

    /// <summary>A dictionary key that sorts before the previous key (strict mode only).</summary>
    KeysNotSorted,

    /// <summary>A dictionary key that appears twice.</summary>
    DuplicateKey,

    /// <summary>A dictionary whose last key has no value.</summary>
    MissingValue,

    /// <summary>Bytes left after the single top-level value.</summary>
    TrailingData,
}
