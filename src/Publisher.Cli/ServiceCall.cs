using System.Text.Json;

namespace Publisher.Cli;

/// <summary>The outcome of one call to the service: the JSON body, or one line saying why there is none.</summary>
internal readonly record struct ServiceCall(JsonElement Value, string? Error)
{
    public bool Succeeded => Error is null;

    public static ServiceCall Ok(JsonElement value) => new(value, null);

    public static ServiceCall Failed(string error) => new(default, error);
}
