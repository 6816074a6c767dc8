using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using JasperFx.Events;
using Marten.Exceptions;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// Every error leaves as RFC 9457 problem details. Anything a client can send that the framework rejects
/// (malformed JSON, wrong types, unknown enum names, oversized bodies) is a 4xx, never a 500.
/// </summary>
public static class ProblemDetailsMapping
{
    public static IServiceCollection AddTutoringProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            if (c.ProblemDetails.Status is { } status) c.ProblemDetails.Type = ProblemTypes.For(status);
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<TutoringExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Status codes with no body (401/403 from authorization, 404 from routing) get a problem body too.</summary>
    public static IApplicationBuilder UseTutoringProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    internal static (int Status, string Title, string Detail, IDictionary<string, object?> Extensions)? Map(Exception exception, bool sentIfMatch = false)
    {
        var extensions = new Dictionary<string, object?>();
        switch (exception)
        {
            case RequestValidationException v:
                extensions["errors"] = FieldNames.CamelCase(v.Errors);
                return (400, "One or more fields are invalid.", v.Message, extensions);
            case BadHttpRequestException { InnerException: JsonException json }:
                extensions["errors"] = new Dictionary<string, string[]> { [JsonPath(json.Path)] = [JsonProblem(json)] };
                return (400, "The request body is not valid JSON for this endpoint.", JsonProblem(json), extensions);
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } b:
                return (413, "The request body is too large.", b.Message, extensions);
            case BadHttpRequestException b:
                return (b.StatusCode is >= 400 and < 500 ? b.StatusCode : 400, "The request could not be read.", b.Message, extensions);
            // The client's If-Match names a version the resource has moved past: its precondition failed (RFC 9110).
            case StaleVersionException c:
                extensions["streamId"] = c.StreamId;
                extensions["expectedVersion"] = c.ExpectedVersion;
                return (412, "The resource was changed since you read it.", c.Message, extensions);
            // Marten refused the save: the stream moved between read and append, or a new stream was started twice.
            // Its messages can name the wrong stream in a multi-stream save, so the body does not repeat them. With
            // If-Match the client's version went stale under it (412); without, ConcurrencyRetry decided again until
            // its attempts ran out (409).
            case not null when ConcurrencyRetry.IsStreamRace(exception):
                return sentIfMatch
                    ? (412, "The resource was changed since you read it.", "Another request changed it after you read it. Reload and try again.", extensions)
                    : (409, "The resource was changed by someone else.", "Other requests kept changing it at the same time. Try again.", extensions);
            case ConflictException c:
                return (409, "The request conflicts with the current state.", c.Message, extensions);
            case ProjectionBusyException p:
                return (409, "The projection is run elsewhere.", p.Message, extensions);
            case BusinessRuleException r:
                extensions["code"] = r.Code;
                foreach (var (key, value) in r.Details ?? new Dictionary<string, object?>()) extensions[key] = value;
                return (422, "A business rule refused the request.", r.Message, extensions);
            // Raised inside Marten's serializer, which may wrap it: an erased student gets nothing personal recorded again.
            case not null when FindInner<Privacy.SubjectErasedException>(exception) is { } erased:
                extensions["code"] = "subject-erased";
                return (422, "A business rule refused the request.", erased.Message, extensions);
            case NotFoundException n:
                return (404, "Not found.", n.Message, extensions);
            case UnknownProjectionException u:
                return (404, "Not found.", u.Message, extensions);
            case ForbiddenException f:
                return (403, "Forbidden.", f.Message, extensions);
            case not null when DatabaseOutage.Is(exception):
                return (503, "The service is temporarily unavailable.", "The database cannot be reached just now. Try again shortly.", extensions);
            default:
                return null;
        }
    }

    private static T? FindInner<T>(Exception exception) where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    private static string JsonPath(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string JsonProblem(JsonException json) => json switch
    {
        UnsafeTextException => json.Message,
        { Path: null or "$" } => "The body is not valid JSON.",
        _ => $"The value at '{json.Path}' is not valid for its field.",
    };

    private sealed class TutoringExceptionHandler(IProblemDetailsService problems, ILogger<TutoringExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            var mapped = Map(exception, context.Request.SentIfMatch());
            if (mapped is null)
            {
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                mapped = (500, "An unexpected error occurred.", "The error has been logged; quote the trace id when reporting it.", new Dictionary<string, object?>());
            }
            var (status, title, detail, extensions) = mapped.Value;
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                logger.LogWarning(exception, "Database unavailable on {Method} {Path}", context.Request.Method, context.Request.Path);
                context.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            context.Response.StatusCode = status;
            var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
        }
    }
}
