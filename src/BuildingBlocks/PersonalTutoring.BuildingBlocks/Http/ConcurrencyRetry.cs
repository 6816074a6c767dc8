using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// A write whose stream moved between its read and its save is decided again when the client did not say which
/// version it read (no <c>If-Match</c>): the whole endpoint runs again in a fresh scope (a new Marten session), so it
/// re-reads every stream and view it decides on, and answers what a later request would have answered ("unchanged",
/// 422 full, …). A client that sent <c>If-Match</c> asked for exactly that version: its race is a 412 (docs/adr/0039).
/// </summary>
public static class ConcurrencyRetry
{
    /// <summary>Attempts in all; after the last a race is answered 409 (seen only under extreme contention on one stream).</summary>
    public const int Attempts = 6;

    public static IApplicationBuilder UseConcurrencyRetry(this IApplicationBuilder app) => app.UseMiddleware<Middleware>();

    /// <summary>Marten refused a save because a stream (or a document inserted once) was written by someone else first.</summary>
    public static bool IsStreamRace(Exception e) => e is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
        or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
        or JasperFx.DocumentAlreadyExistsException
        || e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };

    public static bool SentIfMatch(this HttpRequest request) => !string.IsNullOrWhiteSpace(request.Headers.IfMatch);

    private sealed class Middleware(RequestDelegate next, IServiceScopeFactory scopes, ILogger<Middleware> logger)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || request.SentIfMatch())
            {
                await next(context);
                return;
            }
            request.EnableBuffering(); // the body is read again by the next attempt
            var original = context.RequestServices;
            for (var attempt = 1; ; attempt++)
            {
                AsyncServiceScope? scope = attempt == 1 ? null : scopes.CreateAsyncScope();
                if (scope is { } fresh) context.RequestServices = fresh.ServiceProvider;
                try
                {
                    await next(context);
                    return;
                }
                catch (Exception e) when (attempt < Attempts && IsStreamRace(e) && !context.Response.HasStarted)
                {
                    logger.LogDebug("{Method} {Path} raced another write (attempt {Attempt}); deciding again", request.Method, request.Path, attempt);
                    context.Response.Clear(); // the ETag and anything else the losing attempt set
                    request.Body.Position = 0;
                    // A short random pause spreads the losers out so they do not collide with each other again.
                    await Task.Delay(Random.Shared.Next(1, 8 * attempt), context.RequestAborted);
                }
                finally
                {
                    if (scope is { } used)
                    {
                        context.RequestServices = original;
                        await used.DisposeAsync();
                    }
                }
            }
        }
    }
}
