using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PersonalTutoring.BuildingBlocks.Auth;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// <c>Idempotency-Key</c> on every POST (docs/adr/0040): the first answer to a user's key is remembered with a
/// fingerprint of the request; the same key and request again replays that answer (status, body, Location, ETag), the
/// same key with another request is a 422. The key's record is inserted in the request's own Marten session, so it
/// commits with the write or not at all, and two copies racing collide on it: the loser is decided again
/// (<see cref="ConcurrencyRetry"/>) and replays the winner's answer.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;

    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new IdempotencySettings(TimeSpan.FromHours(configuration.GetValue("Idempotency:RetentionHours", 24.0))));
        services.ConfigureMarten(o => o.Schema.For<IdempotentAnswer>().DatabaseSchemaName("api").DocumentAlias("idempotent_answer").Index(a => a.ExpiresAt));
        return services;
    }

    /// <summary>Honours the header on every POST of a group (the host maps every module into one).</summary>
    public static TBuilder AcceptIdempotencyKeys<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var bodies = RequestShape.BodyParameters(context).ToArray();
            return invocation => HttpMethods.IsPost(invocation.HttpContext.Request.Method) && KeyOf(invocation.HttpContext) is { } key
                ? RememberedAsync(invocation, next, key, bodies)
                : next(invocation);
        });

    /// <summary>
    /// An id for something a POST creates: derived from the user's key when the client sent one, so a retry that
    /// outlived its remembered answer still names the same thing and the decider's "already exists" guard fires.
    /// </summary>
    public static Guid NewId(this HttpContext http, string purpose)
    {
        if (KeyOf(http) is not { } key) return Guid.CreateVersion7();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{UserOf(http)}\n{key}\n{purpose}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // UUID version 8 (custom), RFC 9562
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static string? KeyOf(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(Header, out var values)) return null;
        var key = values.ToString();
        if (values.Count != 1 || string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
            throw RequestValidationException.For(Header, $"One key of 1 to {MaxKeyLength} characters, e.g. a UUID.");
        return key;
    }

    private static string UserOf(HttpContext http) => http.User.Identity?.IsAuthenticated == true ? http.CurrentUser().Id : "";

    private static async ValueTask<object?> RememberedAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, string key, int[] bodies)
    {
        var http = invocation.HttpContext;
        var services = http.RequestServices;
        var store = services.GetRequiredService<IDocumentStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var id = Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"{UserOf(http)}\n{key}")));
        var fingerprint = Fingerprint(http, bodies.Select(i => invocation.Arguments[i]), services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);

        var known = await LoadAsync(store, id, http.RequestAborted);
        if (known is not null && known.ExpiresAt > now)
        {
            if (known.Fingerprint != fingerprint)
                throw new BusinessRuleException("idempotency-key-reused", "This Idempotency-Key was used for a different request. Use a new key for a new request.");
            // The first request with this key has committed but not yet written its answer: it will in a moment.
            for (var wait = 0; known.Status is null && wait < 50; wait++)
            {
                await Task.Delay(100, http.RequestAborted);
                known = await LoadAsync(store, id, http.RequestAborted) ?? known;
            }
            if (known.Status is null) throw new ConflictException("A request with this Idempotency-Key is still being processed. Try again shortly.");
            return new ReplayedAnswer(known);
        }

        var session = services.GetRequiredService<IDocumentSession>();
        if (known is not null) session.Delete<IdempotentAnswer>(id); // expired: this request starts the key afresh
        var answer = new IdempotentAnswer { Id = id, Fingerprint = fingerprint, CreatedAt = now, ExpiresAt = now + services.GetRequiredService<IdempotencySettings>().Retention };
        session.Insert(answer);
        services.GetRequiredService<IdempotencySettings>().PurgeExpiredIfDue(session, now);

        var result = await next(invocation);
        var body = await ExecuteIntoBufferAsync(result, http);
        if (http.Response.StatusCode < 500)
        {
            answer.Status = http.Response.StatusCode;
            answer.ContentType = http.Response.ContentType;
            answer.Location = http.Response.Headers.Location.FirstOrDefault();
            answer.ETag = http.Response.Headers.ETag.FirstOrDefault();
            answer.Body = Encoding.UTF8.GetString(body);
            await using var write = store.LightweightSession();
            write.Store(answer);
            await write.SaveChangesAsync(CancellationToken.None); // the write has happened: remember its answer even if the client left
        }
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IdempotentAnswer?> LoadAsync(IDocumentStore store, string id, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<IdempotentAnswer>(id, ct);
    }

    /// <summary>Runs the endpoint's result into memory so the answer can be both remembered and sent.</summary>
    private static async Task<byte[]> ExecuteIntoBufferAsync(object? result, HttpContext http)
    {
        var original = http.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            switch (result)
            {
                case IResult r: await r.ExecuteAsync(http); break;
                case string text: await http.Response.WriteAsync(text); break;
                case null: break;
                default: await http.Response.WriteAsJsonAsync(result, result.GetType()); break;
            }
        }
        finally
        {
            http.Features.Set(original);
        }
        return buffer.ToArray();
    }

    private sealed class ReplayedAnswer(IdempotentAnswer known) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = known.Status!.Value;
            if (known.ContentType is not null) http.Response.ContentType = known.ContentType;
            if (known.Location is not null) http.Response.Headers.Location = known.Location;
            if (known.ETag is not null) http.Response.Headers.ETag = known.ETag;
            http.Response.Headers[ReplayedHeader] = "true";
            if (!string.IsNullOrEmpty(known.Body)) await http.Response.WriteAsync(known.Body);
        }
    }

    private static string Fingerprint(HttpContext http, IEnumerable<object?> bodies, JsonSerializerOptions json)
    {
        var text = new StringBuilder().Append(http.Request.Method).Append(' ').Append(http.Request.Path).Append(http.Request.QueryString);
        foreach (var body in bodies) text.Append('\n').Append(body is null ? "null" : JsonSerializer.Serialize(body, body.GetType(), json));
        return Hex(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>How long a key's answer is remembered (<c>Idempotency:RetentionHours</c>, default 24).</summary>
public sealed class IdempotencySettings(TimeSpan retention)
{
    private long nextPurgeTicks;

    public TimeSpan Retention { get; } = retention;

    /// <summary>Expired answers are deleted with the first remembered request of each hour on this host (one indexed DELETE).</summary>
    internal void PurgeExpiredIfDue(IDocumentSession session, DateTimeOffset now)
    {
        var due = Interlocked.Read(ref nextPurgeTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextPurgeTicks, now.AddHours(1).UtcTicks, due) != due) return;
        session.DeleteWhere<IdempotentAnswer>(a => a.ExpiresAt < now);
    }
}

/// <summary>A user's key, the fingerprint of the request that first used it, and (once known) the answer it got.</summary>
internal sealed class IdempotentAnswer
{
    public string Id { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public string? Body { get; set; }
}
