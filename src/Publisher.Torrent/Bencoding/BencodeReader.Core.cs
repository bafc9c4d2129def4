using System.Runtime.CompilerServices;

namespace Publisher.Torrent.Bencoding;

public ref partial struct BencodeReader
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadCore()
    {
        if (_finished)
        {
            return false;
        }

        var inDictionary = _depth > 0 && (_frames![((_depth - 1) * FrameInts)] & FlagDictionary) != 0;
        var expectKey = inDictionary && (_frames![(_depth - 1) * FrameInts] & FlagExpectValue) == 0;
        _tokenStart = _position;
        if (_position >= _input.Length)
        {
            return EndOfInput(_depth == 0 ? "a value" : expectKey ? "a key or 'e'" : "a value or 'e'");
        }

        var b = _input[_position];
        if (expectKey)
        {
            if (b == (byte)'e')
            {
                return EndContainer(BencodeTokenType.EndDictionary);
            }

            if (b is < (byte)'0' or > (byte)'9')
            {
                return Fail(BencodeError.KeyNotString, _position, "a byte-string key or 'e'");
            }

            return ReadString(isKey: true);
        }

        switch (b)
        {
            case (byte)'i':
                return ReadInteger();
            case (byte)'l':
                return StartContainer(BencodeTokenType.StartList, 0);
            case (byte)'d':
                return StartContainer(BencodeTokenType.StartDictionary, FlagDictionary);
            case (byte)'e' when _depth > 0 && !inDictionary:
                return EndContainer(BencodeTokenType.EndList);
            case (byte)'e' when inDictionary:
                return Fail(BencodeError.MissingValue, _position, "a value for the preceding key");
            case >= (byte)'0' and <= (byte)'9':
                return ReadString(isKey: false);
            default:
                return Fail(BencodeError.UnexpectedByte, _position, _depth == 0 ? "'i', 'l', 'd' or a digit" : "'i', 'l', 'd', a digit or 'e'");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool StartContainer(BencodeTokenType type, int flags)
    {
        if (_depth >= _maxDepth)
        {
            return Fail(BencodeError.NestingTooDeep, _position, $"at most {_maxDepth} nested lists and dictionaries");
        }

        var needed = (_depth + 1) * FrameInts;
        if (_frames is null || _frames.Length < needed)
        {
            var grown = new int[Math.Max(needed, (_frames?.Length ?? 0) * 2 + (8 * FrameInts))];
            _frames?.CopyTo(grown, 0);
            _frames = grown;
        }

        var frame = _depth * FrameInts;
        _frames[frame] = flags;
        _frames[frame + 1] = -1;
        _frames[frame + 2] = 0;
        _depth++;
        _position++;
        _tokenType = type;
        return true;
    }

    private bool EndContainer(BencodeTokenType type)
    {
        _depth--;
        _position++;
        _tokenType = type;
        ValueCompleted();
        return true;
    }

    private void ValueCompleted()
    {
        if (_depth == 0)
        {
            _finished = true;
            return;
        }

        _frames![(_depth - 1) * FrameInts] &= ~FlagExpectValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadInteger()
    {
        var p = _position + 1;
        var negative = false;
        if (p < _input.Length && _input[p] == (byte)'-')
        {
            negative = true;
            p++;
        }

        var digitsStart = p;
        ulong magnitude = 0;
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        while (true)
        {
            if (p >= _input.Length)
            {
                return EndOfInput("a digit or 'e' to end the integer");
            }

            var c = _input[p];
            if (c == (byte)'e')
            {
                break;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                return Fail(BencodeError.InvalidInteger, p, "a digit or 'e' to end the integer");
            }

            if (p > digitsStart && _input[digitsStart] == (byte)'0')
            {
                return Fail(BencodeError.InvalidInteger, digitsStart, "an integer without leading zeros");
            }

            if (negative && c == (byte)'0' && p == digitsStart)
            {
                return Fail(BencodeError.InvalidInteger, p, "a non-zero digit after '-' (-0 is not allowed)");
            }

            var digit = (ulong)(c - '0');
            if (magnitude > (limit - digit) / 10)
            {
                return Fail(BencodeError.InvalidInteger, digitsStart, "an integer within the signed 64-bit range");
            }

            magnitude = (magnitude * 10) + digit;
            p++;
        }

        if (p == digitsStart)
        {
            return Fail(BencodeError.InvalidInteger, p, "at least one digit");
        }

        _integer = negative ? (long)(0 - magnitude) : (long)magnitude;
        _position = p + 1;
        _tokenType = BencodeTokenType.Integer;
        ValueCompleted();
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadString(bool isKey)
    {
        var p = _position;
        long length = 0;
        while (true)
        {
            if (p >= _input.Length)
            {
                return EndOfInput("a digit or ':' in a string length");
            }

            var c = _input[p];
            if (c == (byte)':')
            {
                break;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                return Fail(BencodeError.InvalidStringLength, p, "a digit or ':' in a string length");
            }

            if (p > _position && _input[_position] == (byte)'0')
            {
                return Fail(BencodeError.InvalidStringLength, _position, "a string length without leading zeros");
            }

            length = (length * 10) + (c - '0');
            if (length > int.MaxValue)
            {
                return Fail(BencodeError.InvalidStringLength, _position, "a string length below 2^31");
            }

            p++;
        }

        var contentStart = p + 1;
        if (length > _input.Length - contentStart)
        {
            return EndOfInput($"{length} bytes of string content");
        }

        _valueStart = contentStart;
        _valueLength = (int)length;
        _position = contentStart + (int)length;
        if (isKey)
        {
            if (!CheckKeyOrder())
            {
                return false;
            }

            _tokenType = BencodeTokenType.Key;
            _frames![(_depth - 1) * FrameInts] |= FlagExpectValue;
            return true;
        }

        _tokenType = BencodeTokenType.String;
        ValueCompleted();
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool CheckKeyOrder()
    {
        var frame = (_depth - 1) * FrameInts;
        var previousStart = _frames![frame + 1];
        var key = _input.Slice(_valueStart, _valueLength);
        if (previousStart >= 0)
        {
            var order = key.SequenceCompareTo(_input.Slice(previousStart, _frames[frame + 2]));
            if (order == 0)
            {
                return Fail(BencodeError.DuplicateKey, _tokenStart, "a key not already present in this dictionary");
            }

            if (order < 0 && !_allowUnsortedKeys)
            {
                return Fail(BencodeError.KeysNotSorted, _tokenStart, "dictionary keys in sorted order");
            }
        }

        _frames[frame + 1] = _valueStart;
        _frames[frame + 2] = _valueLength;
        return true;
    }
}
