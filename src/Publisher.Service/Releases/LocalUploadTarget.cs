namespace Publisher.Service.Releases;

/// <summary>
/// Where a client on the service's machine writes an upload's files itself (<c>local</c> in the start-upload reply),
/// instead of sending them over HTTP: each file at <paramref name="Directory"/> joined with its path inside the
/// torrent. The client reads <paramref name="ProofFile"/> first: only when its content equals <paramref name="Proof"/>
/// does it see the service's own disk as the service's user (the file is readable by that user alone).
/// </summary>
/// <param name="Directory">The absolute path of the upload's staging folder (it exists; no trailing separator).</param>
/// <param name="ProofFile">The absolute path of the proof file, beside the staging folder (not in it).</param>
/// <param name="Proof">The proof file's content: 32 random lowercase hex digits.</param>
internal sealed record LocalUploadTarget(string Directory, string ProofFile, string Proof);
