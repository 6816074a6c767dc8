using System.Text.Json;
using System.Text.Json.Nodes;

namespace PersonalTutoring.Api.Tests.Fuzzing;

/// <summary>
/// Values that pass the shape checks, so a hostile value in one field reaches as deep into an operation as it can:
/// ids of a school, tutor and student that exist, a valid academic year, dates in range, enums' first names.
/// </summary>
internal static class Plausible
{
    public const string School = "FZ";
    public const string Tutor = "fz-t1";
    public const string Student = "fz-s1";

    public static async Task SeedAsync(HttpClient admin)
    {
        await admin.PutJson($"/api/schools/{School}", new { name = "Fuzzing" }).ShouldBe(HttpStatusCode.Created);
        await admin.PutJson($"/api/tutors/{Tutor}", new
        {
            givenName = "Fay", familyName = "Zed", email = "fz-t1@uni.test", schoolCode = School, permanentAcademicStaff = true, capacity = 10,
        }).ShouldBe(HttpStatusCode.Created);
        await admin.PutJson($"/api/students/{Student}", new
        {
            givenName = "Ada", familyName = "Lovelace", email = "ada@students.test", schoolCode = School, programmeCode = "MBBS", level = "UG",
            yearOfStudy = 1, registeredOn = "2025-09-22", status = "Studying", studentRouteVisa = false, visitingStudyAbroad = false,
        }).ShouldBe(HttpStatusCode.Created);
        await admin.PostJson("/api/allocations", new { studentId = Student, tutorId = Tutor, reason = "Fuzzing" }).ShouldBe(HttpStatusCode.OK);
    }

    public static string Value(string name, JsonElement schema, Func<JsonElement, JsonElement> resolve)
    {
        schema = resolve(schema);
        if (schema.TryGetProperty("enum", out var names)) return names[0].GetString()!;
        return name.ToLowerInvariant() switch
        {
            "schoolcode" => School,
            "staffid" or "tutorid" or "fromtutorid" or "totutorid" => Tutor,
            "studentid" => Student,
            "academicyear" => "2025-26",
            "email" => "someone@uni.test",
            "url" or "handbookurl" => "https://example.ac.uk/handbook",
            "term" => "2025-26-autumn",
            "question" => "ContactWithTutor",
            _ => (HostileValues.Type(schema), HostileValues.Format(schema)) switch
            {
                ("string", "date") => "2025-10-01",
                ("string", "date-time") => "2025-10-01T09:00:00Z",
                ("string", "date-span") => "1.00:00:00",
                ("string", "uuid") => "0190a1b2-0000-7000-8000-000000000001",
                ("integer", _) => "1",
                ("number", _) => "1.5",
                ("boolean", _) => "true",
                _ => "Plausible text",
            },
        };
    }

    public static JsonNode? Body(JsonElement schema, Func<JsonElement, JsonElement> resolve, int depth, string name = "")
    {
        schema = resolve(schema);
        if (depth > 4) return null;
        if (schema.TryGetProperty("enum", out var names)) return JsonValue.Create(names[0].GetString());
        switch (HostileValues.Type(schema))
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                    foreach (var p in properties.EnumerateObject()) obj[p.Name] = Body(p.Value, resolve, depth + 1, p.Name);
                return obj;
            case "array":
                return schema.TryGetProperty("items", out var items) ? new JsonArray(Body(items, resolve, depth + 1, name)) : new JsonArray();
            case "integer":
                return JsonValue.Create(name.Contains("year", StringComparison.OrdinalIgnoreCase) && !name.Contains("academic", StringComparison.OrdinalIgnoreCase) ? 1 : 2);
            case "number":
                return JsonValue.Create(1.5);
            case "boolean":
                return JsonValue.Create(true);
            default:
                return JsonValue.Create(Value(name, schema, resolve));
        }
    }

    /// <summary>Replaces the field at a path like <c>$.overrides[0].level</c> with a placeholder; false when the body has no such field.</summary>
    public static bool Punch(JsonNode body, string path, string placeholder)
    {
        var steps = path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries);
        JsonNode? parent = null;
        object? key = null;
        var node = body;
        foreach (var step in steps)
        {
            var name = step.EndsWith("[0]", StringComparison.Ordinal) ? step[..^3] : step;
            if (node is not JsonObject o || !o.ContainsKey(name)) return false;
            (parent, key, node) = (o, name, o[name]);
            if (step.EndsWith("[0]", StringComparison.Ordinal))
            {
                if (node is not JsonArray { Count: > 0 } a) return false;
                (parent, key, node) = (a, 0, a[0]);
            }
        }
        switch (parent, key)
        {
            case (JsonObject o, string k): o[k] = placeholder; return true;
            case (JsonArray a, int i): a[i] = placeholder; return true;
            default: return false;
        }
    }
}
