namespace Publisher.Storage;

/// <summary>A blob key or prefix broke the rules of <see cref="BlobKey"/> (traversal, absolute path, ...).</summary>
public sealed class InvalidBlobKeyException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidBlobKeyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidBlobKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public InvalidBlobKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the argument named <paramref name="paramName"/>.</summary>
    public InvalidBlobKeyException(string message, string? paramName)
        : base(message, paramName)
    {
    }
}
