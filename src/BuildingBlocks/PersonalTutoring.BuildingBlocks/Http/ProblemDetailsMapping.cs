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

    internal static (int Status, string Title, string Detail, IDictionary<string, object?> Extensions)? Map(Exception exception)
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
            case StaleVersionException c:
                extensions["streamId"] = c.StreamId;
                extensions["expectedVersion"] = c.ExpectedVersion;
                return (409, "The resource was changed by someone else.", c.Message, extensions);
            // Marten refused the save: the stream moved between read and append, or a new stream was started twice.
            // Its messages can name the wrong stream in a multi-stream save, so the body does not repeat them.
            case JasperFx.ConcurrencyException or EventStreamUnexpectedMaxEventIdException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException:
                return (409, "The resource was changed by someone else.", "Another request changed it at the same time. Reload and try again.", extensions);
            case ConflictException c:
                return (409, "The request conflicts with the current state.", c.Message, extensions);
            case ProjectionBusyException p:
                return (409, "The projection is run elsewhere.", p.Message, extensions);
            case BusinessRuleException r:
                extensions["code"] = r.Code;
                foreach (var (key, value) in r.Details ?? new Dictionary<string, object?>()) extensions[key] = value;
                return (422, "A business rule refused the request.", r.Message, extensions);
            case NotFoundException n:
                return (404, "Not found.", n.Message, extensions);
            case UnknownProjectionException u:
                return (404, "Not found.", u.Message, extensions);
            case ForbiddenException f:
                return (403, "Forbidden.", f.Message, extensions);
            default:
                return null;
        }
    }

    private static string JsonPath(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string JsonProblem(JsonException json) =>
        json.Path is null or "$" ? "The body is not valid JSON." : $"The value at '{json.Path}' is not valid for its field.";

    private sealed class TutoringExceptionHandler(IProblemDetailsService problems, ILogger<TutoringExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            var mapped = Map(exception);
            if (mapped is null)
            {
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                mapped = (500, "An unexpected error occurred.", "The error has been logged; quote the trace id when reporting it.", new Dictionary<string, object?>());
            }
            var (status, title, detail, extensions) = mapped.Value;
            context.Response.StatusCode = status;
            var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
        }
    }
}
