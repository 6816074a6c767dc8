using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PersonalTutoring.Web.Api;

/// <summary>
/// The host's own request pipeline, captured when it is built, so that a page can send an API request to it in-process
/// (docs/adr/0059): the request passes the same routing, unsafe-text guard, authorization policies, resource checks,
/// validation, idempotency and problem details as one from any client, with the signed-in user as its caller.
/// </summary>
public sealed class ApiPipeline
{
    private RequestDelegate? pipeline;

    internal RequestDelegate Pipeline => pipeline ?? throw new InvalidOperationException("The host's pipeline has not been built yet (UseWebApiPipelineCapture).");

    /// <summary>Captures everything after this point of the pipeline; the host calls it first of all, before routing.</summary>
    public static IApplicationBuilder Capture(IApplicationBuilder app, ApiPipeline holder) => app.Use(next =>
    {
        holder.pipeline = next;
        return next;
    });
}

/// <summary>What the API answered: the value on success, else the status and the problem's detail.</summary>
public sealed record ApiResult<T>(HttpStatusCode Status, T? Value, string? Problem, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Ok => (int)Status is >= 200 and < 300;
}

/// <summary>An API answer passed on unchanged: a download.</summary>
public sealed record ApiDownload(HttpStatusCode Status, string? ContentType, string? ContentDisposition, byte[] Body)
{
    public bool Ok => (int)Status is >= 200 and < 300;
}

/// <summary>A page's client of the API: the request runs in-process through <see cref="ApiPipeline"/> as the page's user.</summary>
public sealed class InProcessApi(ApiPipeline api, IHttpContextFactory contexts)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public Task<ApiResult<T>> GetAsync<T>(ClaimsPrincipal user, string pathAndQuery, CancellationToken ct) => SendAsync<T>(user, HttpMethods.Get, pathAndQuery, null, ct);

    /// <summary>A POST; with <paramref name="idempotencyKey"/> (the form's own) a second submission of the same form repeats nothing.</summary>
    public Task<ApiResult<T>> PostAsync<T>(ClaimsPrincipal user, string pathAndQuery, object? body, CancellationToken ct, string? idempotencyKey = null) =>
        SendAsync<T>(user, HttpMethods.Post, pathAndQuery, body, ct, idempotencyKey);

    /// <summary>A PUT (a document written whole: a school, a policy draft, a calendar, a report's draft).</summary>
    public Task<ApiResult<T>> PutAsync<T>(ClaimsPrincipal user, string pathAndQuery, object? body, CancellationToken ct) =>
        SendAsync<T>(user, HttpMethods.Put, pathAndQuery, body, ct);

    private async Task<ApiResult<T>> SendAsync<T>(ClaimsPrincipal user, string method, string pathAndQuery, object? body, CancellationToken ct,
        string? idempotencyKey = null)
    {
        var answer = await SendRawAsync(user, method, pathAndQuery, body, "application/json", ct, idempotencyKey);
        return Read<T>(answer.Status, answer.Body);
    }

    /// <summary>
    /// A GET whose answer is passed on as it is (a CSV, a printable page, the JSON itself): the API's status, content type,
    /// file name and bytes. <paramref name="accept"/> is the Accept header (an endpoint that answers JSON or CSV picks by it).
    /// </summary>
    public Task<ApiDownload> DownloadAsync(ClaimsPrincipal user, string pathAndQuery, string accept, CancellationToken ct) =>
        SendRawAsync(user, HttpMethods.Get, pathAndQuery, null, accept, ct);

    private async Task<ApiDownload> SendRawAsync(ClaimsPrincipal user, string method, string pathAndQuery, object? body, string accept, CancellationToken ct,
        string? idempotencyKey = null)
    {
        var split = pathAndQuery.IndexOf('?');
        var request = new HttpRequestFeature
        {
            Method = method,
            Scheme = "http",
            Protocol = "HTTP/1.1",
            Path = split < 0 ? pathAndQuery : pathAndQuery[..split],
            QueryString = split < 0 ? "" : pathAndQuery[split..],
            RawTarget = pathAndQuery,
        };
        request.Headers.Host = "in-process";
        request.Headers.Accept = accept;
        if (!string.IsNullOrEmpty(idempotencyKey)) request.Headers["Idempotency-Key"] = idempotencyKey;
        if (body is not null)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Json);
            request.Body = new MemoryStream(bytes);
            request.Headers.ContentType = "application/json";
            request.Headers.ContentLength = bytes.Length;
        }
        using var responseBody = new MemoryStream();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = ct });
        // Minimal APIs bind a JSON body only when the server says the request can have one (Kestrel's own feature).
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(body is not null));
        var context = contexts.Create(features);
        try
        {
            // The signed-in user is the caller; the bearer handler finds no token and leaves them in place.
            context.User = user;
            await api.Pipeline(context);
            // A streamed result (CSV) may still sit in the body feature's writer.
            await context.Response.CompleteAsync();
            return new ApiDownload((HttpStatusCode)context.Response.StatusCode, context.Response.ContentType,
                context.Response.Headers.ContentDisposition.ToString() is { Length: > 0 } disposition ? disposition : null, responseBody.ToArray());
        }
        finally
        {
            contexts.Dispose(context);
        }
    }

    private static ApiResult<T> Read<T>(HttpStatusCode status, byte[] body)
    {
        var noErrors = new Dictionary<string, string[]>();
        if ((int)status is >= 200 and < 300)
            return new ApiResult<T>(status, body.Length == 0 ? default : JsonSerializer.Deserialize<T>(body, Json), null, noErrors);
        if (body.Length == 0) return new ApiResult<T>(status, default, null, noErrors);
        try
        {
            var problem = JsonSerializer.Deserialize<Problem>(body, Json);
            return new ApiResult<T>(status, default, problem?.Detail ?? problem?.Title, problem?.Errors ?? noErrors);
        }
        catch (JsonException)
        {
            return new ApiResult<T>(status, default, Encoding.UTF8.GetString(body), noErrors);
        }
    }

    private sealed record BodyDetection(bool CanHaveBody) : IHttpRequestBodyDetectionFeature;

    private sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
