using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// Text the API accepts never holds control characters other than tab, CR and LF: no client means to send them,
/// PostgreSQL cannot store NUL (22021), and they corrupt logs and CSV. Refused where text enters, with the field
/// named: JSON strings by <see cref="Converter"/>, route and query values and the headers the API reads by
/// <see cref="UseUnsafeTextGuard"/> (issue 10 item 1).
/// </summary>
public static class UnsafeText
{
    /// <summary>Route values are ids and codes; none is longer (a longer one would only fail deeper, in an index).</summary>
    public const int MaxRouteValueLength = 200;

    /// <summary>Query values are ids, codes, dates and numbers.</summary>
    public const int MaxQueryValueLength = 1000;

    /// <summary>The request headers whose values the API stores or echoes.</summary>
    public static readonly string[] HeadersRead = ["X-Correlation-Id", "X-Causation-Id", "Idempotency-Key", "If-Match"];

    public const string Message = "Control characters (other than tab, carriage return and line feed) are not allowed.";

    public static bool Contains(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) return true;
        return false;
    }

    /// <summary>Refuses unsafe text in the route, the query and the headers the API reads, before anything else runs.</summary>
    public static IApplicationBuilder UseUnsafeTextGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var errors = new Dictionary<string, string[]>();
        var request = context.Request;
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is not string text) continue;
            if (Contains(text)) errors[name] = [Message];
            else if (text.Length > MaxRouteValueLength) errors[name] = [$"At most {MaxRouteValueLength} characters."];
        }
        foreach (var (name, values) in request.Query)
        {
            if (Contains(name)) errors["query"] = [Message];
            else if (values.Any(v => v is not null && Contains(v))) errors[name] = [Message];
            else if (values.Any(v => v?.Length > MaxQueryValueLength)) errors[name] = [$"At most {MaxQueryValueLength} characters."];
        }
        foreach (var header in HeadersRead)
            if (request.Headers.TryGetValue(header, out var values) && values.Any(v => v is not null && Contains(v))) errors[header] = [Message];
        // A path no route matched still must not reach anything that logs or stores it.
        if (errors.Count == 0 && Contains(request.Path.Value)) errors["path"] = [Message];
        if (errors.Count > 0) throw new RequestValidationException(errors);
        await next(context);
    });

    /// <summary>Reads every JSON string (values and dictionary keys) of a request body and refuses unsafe text.</summary>
    public sealed class Converter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException();
            return Checked(reader.GetString()!);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(reader.GetString()!);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        private static string Checked(string value) => Contains(value) ? throw new UnsafeTextException() : value;
    }
}

/// <summary>A JSON string held a control character; the serializer adds the path of the field.</summary>
public sealed class UnsafeTextException() : JsonException(UnsafeText.Message);
