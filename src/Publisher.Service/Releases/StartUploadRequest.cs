namespace Publisher.Service.Releases;

/// <summary>The body of <c>POST /api/releases/uploads</c>: the files the client is about to upload.</summary>
/// <param name="Files">Every file, by its path inside the torrent (<c>name</c>, or <c>name/sub/file</c> under one top folder).</param>
internal sealed record StartUploadRequest(IReadOnlyList<StartUploadFile>? Files);
