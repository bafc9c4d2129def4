using System.Net;

namespace Publisher.Storage;

/// <summary>
/// The storage service answered with an error the store could not recover from (after its retries),
/// or with a response that breaks its protocol.
/// </summary>
public sealed class BlobStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BlobStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BlobStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public BlobStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an HTTP answer.</summary>
    public BlobStoreException(string message, HttpStatusCode? statusCode, string? errorCode)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status the service answered with, when there was an answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The service's error code (Azure's <c>x-ms-error-code</c>), when it gave one.</summary>
    public string? ErrorCode { get; }
}
