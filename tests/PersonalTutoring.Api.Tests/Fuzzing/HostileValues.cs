using System.Text.Json;

namespace PersonalTutoring.Api.Tests.Fuzzing;

/// <summary>
/// What a careless integrator or an attacker sends, by the kind of value an OpenAPI schema declares: raw JSON tokens
/// for body fields, already-escaped text for route and query values (issue 10 "Done when").
/// </summary>
internal static class HostileValues
{
    public static IReadOnlyList<string> JsonFor(JsonElement schema, Func<JsonElement, JsonElement> resolve)
    {
        schema = resolve(schema);
        if (schema.TryGetProperty("enum", out var names))
        {
            var first = names.EnumerateArray().Select(n => n.GetString()).Take(2).ToArray();
            return ["\"NotDefined\"", "\"-1\"", "99", $"\"{string.Join(", ", first)}\"", "\"\"", "null"];
        }
        return (Type(schema), Format(schema)) switch
        {
            ("string", "date") => ["\"0001-01-01\"", "\"9999-12-31\"", "\"2025-02-30\"", "\"\"", "null"],
            ("string", "date-time") => ["\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59+14:00\"", "\"2025-13-01T00:00:00Z\"", "null"],
            ("string", "date-span") => ["\"-10675199.02:48:05.4775808\"", "\"10675199.02:48:05.4775807\"", "\"x\"", "null"],
            ("string", "uuid") => ["\"00000000-0000-0000-0000-000000000000\"", "\"not-a-guid\"", "null"],
            ("string", _) => ["\"\\u0000\"", "\"a\\u0001b\"", "\"\\u007f\"", "\"\\u001b[31mred\"", "\"\\ud800\"", $"\"{new string('x', 5000)}\"", "\"\"", "\" \"",
                "\"'; DROP TABLE x; --\"", "\"\\u202e\"", "null", "123", "[\"a\"]"],
            ("integer", _) => ["-1", "0", "2147483647", "-2147483648", "9223372036854775807", "1e400", "1.5", "\"1\"", "null"],
            ("number", _) => ["-1e308", "1e308", "1e400", "0", "\"1\"", "null"],
            ("boolean", _) => ["\"true\"", "1", "null"],
            ("array", _) => ["null", "[]", "[null]", "[null, null]", "{}"],
            _ => ["null", "[]", "\"x\"", "{}"],
        };
    }

    public static IReadOnlyList<string> UrlFor(JsonElement schema, Func<JsonElement, JsonElement> resolve)
    {
        schema = resolve(schema);
        if (schema.TryGetProperty("enum", out var names))
        {
            var first = names.EnumerateArray().Select(n => n.GetString()).Take(2).ToArray();
            return ["-1", "99", "NotDefined", Uri.EscapeDataString(string.Join(",", first)), "%00"];
        }
        return (Type(schema), Format(schema)) switch
        {
            ("string", "date") => ["0001-01-01", "9999-12-31", "2025-02-30", "x"],
            ("string", "date-time") => ["0001-01-01T00%3A00%3A00Z", "9999-12-31T23%3A59%3A59Z", "9999-12-31T23%3A59%3A59%2B14%3A00", "x"],
            ("string", "uuid") => ["00000000-0000-0000-0000-000000000000", "zz"],
            ("integer", _) => ["-1", "0", "2147483648", "99999999999999999999", "1.5", "abc", "%00"],
            _ => ["%00", "a%00b", "a%01b", "%7F", "%1B%5B31m", new string('x', 1500), new string('y', 9000), "%20", "..%2F..", "%27%3B--", "%EF%BC%A6%EF%BC%BA"],
        };
    }

    public static string Type(JsonElement schema) => schema.TryGetProperty("type", out var t) ? t.GetString() ?? "" : schema.TryGetProperty("properties", out _) ? "object" : "";

    public static string Format(JsonElement schema) => schema.TryGetProperty("format", out var f) ? f.GetString() ?? "" : "";
}
