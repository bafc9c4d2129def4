using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Publisher.Cli;

/// <summary>
/// The service's JSON API as the CLI uses it: releases upload, yank, API keys and stats. Every failure (HTTP
/// status, network, malformed reply) comes back as one line in a <see cref="ServiceCall"/>, never as an exception.
/// </summary>
internal sealed partial class ServiceClient : IDisposable
{
    /// <summary>The environment variable naming the service when <c>--server</c> is not given.</summary>
    public const string ServerVariable = "PUBLISHER_SERVER";

    /// <summary>The environment variable holding the API key when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyVariable = "PUBLISHER_API_KEY";

    private readonly HttpClient _http;

    public ServiceClient(Uri baseUrl, string? apiKey, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

        // Uploads of several GiB take as long as they take; the caller's token is the limit.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("publisher-cli", "1"));
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    /// <summary>
    /// The server URL and API key from the options, else from <see cref="ServerVariable"/> and <see cref="ApiKeyVariable"/>;
    /// null with a one-line reason when one is missing or the URL is not http(s).
    /// </summary>
    public static ServiceClient? Create(string? server, string? apiKey, bool keyRequired, out string? error)
    {
        server = string.IsNullOrWhiteSpace(server) ? Environment.GetEnvironmentVariable(ServerVariable) : server;
        apiKey = string.IsNullOrWhiteSpace(apiKey) ? Environment.GetEnvironmentVariable(ApiKeyVariable) : apiKey;
        if (string.IsNullOrWhiteSpace(server))
        {
            error = $"no server: pass --server URL or set {ServerVariable}";
            return null;
        }

        if (!Uri.TryCreate(server.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            error = $"'{server}' is not an http:// or https:// URL";
            return null;
        }

        if (keyRequired && string.IsNullOrWhiteSpace(apiKey))
        {
            error = $"no API key: pass --api-key KEY or set {ApiKeyVariable}";
            return null;
        }

        error = null;
        return new ServiceClient(url, apiKey?.Trim());
    }

    /// <summary><c>POST /api/keys</c>: a new key with <paramref name="scopes"/>; the reply holds the secret once.</summary>
    public Task<ServiceCall> CreateKeyAsync(string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/keys") { Content = JsonContent.Create(new { name, scopes }) }, cancellationToken);

    /// <summary><c>GET /api/stats</c>.</summary>
    public Task<ServiceCall> GetStatsAsync(CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/stats"), cancellationToken);

    /// <summary><c>POST /api/releases/{id}/yank</c>.</summary>
    public Task<ServiceCall> YankAsync(long id, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/releases/{id}/yank"), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<ServiceCall> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        using var request = create();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            return ServiceCall.Failed($"cannot reach {_http.BaseAddress}: {exception.Message}");
        }
        catch (IOException exception)
        {
            return ServiceCall.Failed($"connection to {_http.BaseAddress} failed: {exception.Message}");
        }
    }

    private static async Task<ServiceCall> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return ServiceCall.Failed(Describe(response.StatusCode, body));
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return ServiceCall.Ok(document.RootElement.Clone());
        }
        catch (JsonException)
        {
            return ServiceCall.Failed($"the server replied {(int)response.StatusCode} with a body that is not JSON");
        }
    }

    /// <summary>One line for a failed call: the status, and the problem details' detail, title or first validation error.</summary>
    internal static string Describe(HttpStatusCode status, string body)
    {
        var code = (int)status;
        var hint = status switch
        {
            HttpStatusCode.Unauthorized => "the API key is missing or not valid",
            HttpStatusCode.Forbidden => "the API key lacks the scope this needs",
            HttpStatusCode.RequestEntityTooLarge => "the upload is larger than the server accepts",
            _ => null,
        };
        string? detail = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in errors.EnumerateObject())
                    {
                        if (field.Value.ValueKind == JsonValueKind.Array && field.Value.GetArrayLength() > 0)
                        {
                            detail = $"{field.Name}: {field.Value[0].GetString()}";
                            break;
                        }
                    }
                }

                if (detail is null && root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String)
                {
                    detail = d.GetString();
                }

                if (detail is null && root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    detail = t.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        var text = detail ?? hint ?? status.ToString();
        return OneLine($"server said {code}: {text}");
    }

    private static string OneLine(string message) => string.Join(" ", message.Split([" ", "\t", "\r", "\n"], StringSplitOptions.RemoveEmptyEntries));
}
