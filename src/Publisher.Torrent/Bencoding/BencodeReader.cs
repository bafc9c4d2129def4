using System.Buffers;
using System.Text;

namespace Publisher.Torrent.Bencoding;

/// <summary>
/// A forward-only reader of one bencoded value over a span, token by token, without building objects.
/// Checks everything strictly: integers (no leading zeros, no <c>-0</c>, 64-bit range), string lengths
/// against the remaining input before anything is touched, nesting depth, and dictionary keys sorted and
/// unique (unless <see cref="BencodeReaderOptions.AllowUnsortedKeys"/>). Malformed or truncated input
/// throws <see cref="BencodeException"/> (<see cref="BencodeException.IsIncomplete"/> tells the two apart);
/// <see cref="TryGetValueLength"/> reports the same without exceptions.
/// </summary>
public ref partial struct BencodeReader
{
    private const int FrameInts = 3;
    private const int FlagDictionary = 1;
    private const int FlagExpectValue = 2;

    private readonly ReadOnlySpan<byte> _input;
    private readonly bool _allowUnsortedKeys;
    private readonly int _maxDepth;
    private int[]? _frames;
    private int _position;
    private int _depth;
    private bool _finished;
    private BencodeTokenType _tokenType;
    private int _tokenStart;
    private int _valueStart;
    private int _valueLength;
    private long _integer;
    private BencodeError _error;
    private int _errorOffset;
    private string? _errorExpected;

    /// <summary>Creates a reader over <paramref name="input"/>.</summary>
    public BencodeReader(ReadOnlySpan<byte> input, BencodeReaderOptions? options = null)
    {
        options ??= BencodeReaderOptions.Strict;
        _input = input;
        _allowUnsortedKeys = options.AllowUnsortedKeys;
        _maxDepth = options.MaxDepth;
    }

    /// <summary>The token the reader is on.</summary>
    public readonly BencodeTokenType TokenType => _tokenType;

    /// <summary>Offset of the first byte of the current token.</summary>
    public readonly int TokenStart => _tokenStart;

    /// <summary>Offset just past the current token: the number of bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Number of lists and dictionaries that are open around the reader's position.</summary>
    public readonly int Depth => _depth;

    /// <summary>True once the single top-level value has been read completely.</summary>
    public readonly bool IsFinished => _finished;

    /// <summary>The bytes of the current <see cref="BencodeTokenType.String"/> or <see cref="BencodeTokenType.Key"/>.</summary>
    public readonly ReadOnlySpan<byte> ValueSpan
    {
        get
        {
            if (_tokenType is not (BencodeTokenType.String or BencodeTokenType.Key))
            {
                throw new InvalidOperationException($"The reader is on {_tokenType}, not a string.");
            }

            return _input.Slice(_valueStart, _valueLength);
        }
    }

    /// <summary>Offset of the first content byte of the current string (after the length and colon).</summary>
    public readonly int ValueStart => _valueStart;

    /// <summary>
    /// Reads the next token. Returns <see langword="false"/> once the top-level value is complete
    /// (bytes after it are not looked at; see <see cref="Position"/>).
    /// </summary>
    /// <exception cref="BencodeException">The input is malformed or ends too early.</exception>
    public bool Read()
    {
        if (ReadCore())
        {
            return true;
        }

        if (_error != BencodeError.None)
        {
            throw CreateException();
        }

        return false;
    }

    /// <summary>The value of the current <see cref="BencodeTokenType.Integer"/>.</summary>
    public readonly long GetInt64()
    {
        if (_tokenType != BencodeTokenType.Integer)
        {
            throw new InvalidOperationException($"The reader is on {_tokenType}, not an integer.");
        }

        return _integer;
    }

    /// <summary>The current string decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public readonly string GetString() => Encoding.UTF8.GetString(ValueSpan);

    /// <summary>True when the current string or key equals the UTF-8 bytes <paramref name="utf8"/>.</summary>
    public readonly bool ValueEquals(ReadOnlySpan<byte> utf8) => ValueSpan.SequenceEqual(utf8);

    /// <summary>
    /// Skips the value the reader is on: for <see cref="BencodeTokenType.StartList"/> or
    /// <see cref="BencodeTokenType.StartDictionary"/> reads to the matching end; for a key, skips the key
    /// and its value. Returns the exact byte range of what was skipped.
    /// </summary>
    public Range Skip()
    {
        var start = _tokenStart;
        switch (_tokenType)
        {
            case BencodeTokenType.String:
            case BencodeTokenType.Integer:
                return new Range(start, _position);
            case BencodeTokenType.Key:
                Read();
                Skip();
                return new Range(start, _position);
            case BencodeTokenType.StartList:
            case BencodeTokenType.StartDictionary:
                var depth = _depth;
                while (_depth >= depth)
                {
                    Read();
                }

                return new Range(start, _position);
            default:
                throw new InvalidOperationException($"Cannot skip from {_tokenType}.");
        }
    }

    /// <summary>
    /// Measures the first complete bencoded value in <paramref name="input"/> without exceptions:
    /// <see cref="OperationStatus.Done"/> with its length, <see cref="OperationStatus.NeedMoreData"/>
    /// for a valid but truncated prefix, <see cref="OperationStatus.InvalidData"/> for malformed input.
    /// </summary>
    public static OperationStatus TryGetValueLength(ReadOnlySpan<byte> input, out int length, BencodeReaderOptions? options = null)
    {
        var reader = new BencodeReader(input, options);
        while (reader.ReadCore())
        {
        }

        length = reader._position;
        return reader._error switch
        {
            BencodeError.None => OperationStatus.Done,
            BencodeError.UnexpectedEndOfInput => OperationStatus.NeedMoreData,
            _ => OperationStatus.InvalidData,
        };
    }

    internal readonly BencodeException CreateException() => new(_error, _errorOffset, _errorExpected ?? "a bencoded value");

    private bool Fail(BencodeError error, int offset, string expected)
    {
        _error = error;
        _errorOffset = offset;
        _errorExpected = expected;
        _tokenType = BencodeTokenType.None;
        _finished = true;
        return false;
    }

    private bool EndOfInput(string expected) => Fail(BencodeError.UnexpectedEndOfInput, _input.Length, expected);
}
