using Publisher.Storage.Azure;
using Xunit;

namespace Publisher.Storage.Tests.Azure;

public sealed class SharedKeySignerTests
{
    [Fact]
    public void Sign_ListWithRepeatedQueryParameters_MatchesTheDocumentedStringToSign()
    {
        // The canonicalized-resource example of the Blob service's Shared Key documentation (version 2009-09-19).
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=list&include=snapshots&include=metadata&include=uncommittedblobs");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2009-09-19");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT");

        var stringToSign = SharedKeySigner.BuildStringToSign(request, "myaccount");
        new SharedKeySigner("myaccount", Convert.FromBase64String(AzureConnectionString.DevelopmentAccountKey)).Sign(request);

        Assert.Equal(
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container",
            stringToSign);

        // HMAC-SHA256 of that string under Azurite's development key, computed independently (Python hmac).
        Assert.Equal("SharedKey myaccount:9Gw4Dh+2NbLSSzeDQjEZp8cMGG9I7Q0LqexPpaYH2PA=", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public void BuildStringToSign_PutBlockOnPathStyleEndpoint_CanonicalizesHeadersPathAndQuery()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/c1/My%20Game/d%C3%A9.txt?comp=block&blockid=AAAA%2B%2F%3D%3D");
        request.Content = new ByteArrayContent(new byte[11]);
        request.Headers.TryAddWithoutValidation("x-ms-version", "2021-12-02");
        request.Headers.TryAddWithoutValidation("X-MS-Blob-Type", "BlockBlob");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Sat, 02 Jan 2026 03:04:05 GMT");
        request.Headers.TryAddWithoutValidation("x-ms-blob-content-type", "  text/plain  ");
        request.Headers.TryAddWithoutValidation("If-Match", "\"0x8D1\"");

        var stringToSign = SharedKeySigner.BuildStringToSign(request, "devstoreaccount1");

        Assert.Equal(
            "PUT\n\n\n11\n\n\n\n\n\"0x8D1\"\n\n\n\n"
            + "x-ms-blob-content-type:text/plain\nx-ms-blob-type:BlockBlob\nx-ms-date:Sat, 02 Jan 2026 03:04:05 GMT\nx-ms-version:2021-12-02\n"
            + "/devstoreaccount1/devstoreaccount1/c1/My%20Game/d%C3%A9.txt\nblockid:AAAA+/==\ncomp:block",
            stringToSign);
    }

    [Fact]
    public void BuildStringToSign_EmptyBody_LeavesContentLengthEmpty()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/c1?restype=container");
        request.Content = new ByteArrayContent([]);
        request.Headers.TryAddWithoutValidation("x-ms-version", "2021-12-02");

        var stringToSign = SharedKeySigner.BuildStringToSign(request, "devstoreaccount1");

        Assert.Equal("PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-version:2021-12-02\n/devstoreaccount1/devstoreaccount1/c1\nrestype:container", stringToSign);
    }
}
