namespace Publisher.Torrent.Bencoding;

/// <summary>The kind of token <see cref="BencodeReader"/> is positioned on.</summary>
public enum BencodeTokenType
{
    /// <summary>Nothing read yet.</summary>
    None = 0,

    /// <summary>A byte string that is a value (<see cref="BencodeReader.ValueSpan"/>).</summary>
    String,

    /// <summary>A byte string that is a dictionary key (<see cref="BencodeReader.ValueSpan"/>).</summary>
    Key,

    /// <summary>An integer (<see cref="BencodeReader.GetInt64"/>).</summary>
    Integer,

    /// <summary>The <c>l</c> that starts a list.</summary>
    StartList,

    /// <summary>The <c>e</c> that ends a list.</summary>
    EndList,

    /// <summary>The <c>d</c> that starts a dictionary.</summary>
    StartDictionary,

    /// <summary>The <c>e</c> that ends a dictionary.</summary>
    EndDictionary,
}
