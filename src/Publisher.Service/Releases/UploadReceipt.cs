using Microsoft.AspNetCore.Http;

namespace Publisher.Service.Releases;

/// <summary>What a streamed upload delivered: its form fields and staged files, or the response that refuses it.</summary>
internal sealed record UploadReceipt(Dictionary<string, string>? Fields, List<string[]>? Files, IResult? Error);
