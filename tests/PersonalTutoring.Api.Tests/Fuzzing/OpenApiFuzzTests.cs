using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PersonalTutoring.Api.Tests.Fuzzing;

/// <summary>
/// Keeps the black-box testing of issue 10 as a test: every operation of the OpenAPI document, as an Admin, over a
/// real Kestrel server, with hostile values in every route, query and body field in turn (NUL and other control
/// characters, very long text, undefined enums, nulls in lists, boundary dates and numbers) while every other field
/// holds a plausible value. No answer may be a 5xx, and every error is problem details. Deterministic: the cases are
/// the same on every run, and a seeded sample keeps the run bounded if the API grows.
/// </summary>
public sealed class OpenApiFuzzTests(KestrelApi api) : IClassFixture<KestrelApi>
{
    private const int Seed = 20261130;
    private const int MaxCases = 9000;
    private const string Hole = "__FUZZ__";

    internal sealed record Case(string Method, string Url, string? Body, string What);

    [Fact]
    public async Task Every_operation_answers_hostile_values_in_every_parameter_and_field_without_a_5xx_and_with_problem_details()
    {
        var admin = api.Admin();
        admin.Timeout = TimeSpan.FromSeconds(30);
        await Plausible.SeedAsync(admin);
        var doc = await admin.GetAsync("/swagger/v1/swagger.json").ShouldBe(HttpStatusCode.OK);
        var all = new Generator(doc).Cases().ToList();
        var random = new Random(Seed);
        var cases = all.Count <= MaxCases ? all : [.. all.Select(c => (Key: random.Next(), Case: c)).OrderBy(x => x.Key).Take(MaxCases).Select(x => x.Case)];

        var failures = new List<string>();
        foreach (var c in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url);
            if (c.Body is not null) request.Content = new StringContent(c.Body, Encoding.UTF8, "application/json");
            using var response = await admin.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status >= 500)
                failures.Add($"{c.Method} {Short(c.Url)} [{c.What}] → {status} {Short(await response.Content.ReadAsStringAsync())}");
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{c.Method} {Short(c.Url)} [{c.What}] → {status} without a problem body ({response.Content.Headers.ContentType})");
        }

        all.Count.Should().BeGreaterThan(3000, "every operation, every parameter and field");
        failures.Should().BeEmpty("{0} of {1} cases failed", failures.Count, cases.Count);
    }

    private static string Short(string text) => text.Length <= 160 ? text : text[..160] + "…";

    /// <summary>Turns the OpenAPI document into cases: one plausible request per operation, then one hostile value at a time.</summary>
    internal sealed class Generator(JsonElement doc)
    {
        private readonly JsonElement schemas = doc.GetProperty("components").GetProperty("schemas");

        public IEnumerable<Case> Cases()
        {
            foreach (var path in doc.GetProperty("paths").EnumerateObject())
                foreach (var op in path.Value.EnumerateObject())
                    foreach (var c in ForOperation(op.Name.ToUpperInvariant(), path.Name, op.Value)) yield return c;
        }

        private IEnumerable<Case> ForOperation(string method, string template, JsonElement op)
        {
            var parameters = op.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() is "path" or "query").ToList() : [];
            var body = op.TryGetProperty("requestBody", out var rb) ? rb.GetProperty("content").GetProperty("application/json").GetProperty("schema") : (JsonElement?)null;
            var plainBody = body is { } b ? Plausible.Body(b, Resolve, 0) : null;

            string Url(string? hostileParameter = null, string? hostile = null)
            {
                var url = template;
                var query = new List<string>();
                foreach (var p in parameters)
                {
                    var name = p.GetProperty("name").GetString()!;
                    var value = name == hostileParameter ? hostile! : Uri.EscapeDataString(Plausible.Value(name, p.GetProperty("schema"), Resolve));
                    if (p.GetProperty("in").GetString() == "path") url = url.Replace("{" + name + "}", value, StringComparison.Ordinal);
                    else query.Add($"{name}={value}");
                }
                return query.Count == 0 ? url : $"{url}?{string.Join('&', query)}";
            }

            var plain = plainBody?.ToJsonString();
            yield return new Case(method, Url(), plain, "plausible");
            foreach (var p in parameters)
            {
                var name = p.GetProperty("name").GetString()!;
                foreach (var hostile in HostileValues.UrlFor(p.GetProperty("schema"), Resolve))
                    yield return new Case(method, Url(name, hostile), plain, $"{name}={Short(hostile)}");
            }
            if (body is null) yield break;
            foreach (var whole in new[] { "null", "[]", "{}", "\"x\"" }) yield return new Case(method, Url(), whole, $"body {whole}");
            foreach (var (field, schema) in Fields(Resolve(body.Value), "$", 0))
                foreach (var hostile in HostileValues.JsonFor(schema, Resolve))
                {
                    var copy = Plausible.Body(body.Value, Resolve, 0)!;
                    if (!Plausible.Punch(copy, field, Hole)) continue;
                    yield return new Case(method, Url(), copy.ToJsonString().Replace($"\"{Hole}\"", hostile, StringComparison.Ordinal), $"{field}={Short(hostile)}");
                }
        }

        /// <summary>Every field of a body, nested objects and the first element of lists included.</summary>
        private IEnumerable<(string Path, JsonElement Schema)> Fields(JsonElement schema, string path, int depth)
        {
            if (depth > 3 || !schema.TryGetProperty("properties", out var properties)) yield break;
            foreach (var property in properties.EnumerateObject())
            {
                var field = $"{path}.{property.Name}";
                var resolved = Resolve(property.Value);
                yield return (field, property.Value);
                if (HostileValues.Type(resolved) == "array" && resolved.TryGetProperty("items", out var items))
                {
                    yield return ($"{field}[0]", items);
                    foreach (var nested in Fields(Resolve(items), $"{field}[0]", depth + 1)) yield return nested;
                }
                foreach (var nested in Fields(resolved, field, depth + 1)) yield return nested;
            }
        }

        private JsonElement Resolve(JsonElement schema)
        {
            if (schema.TryGetProperty("$ref", out var reference)) return Resolve(schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]));
            if (schema.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1) return Resolve(all[0]);
            return schema;
        }
    }
}
