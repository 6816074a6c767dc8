using System.Net.Http.Json;

namespace PersonalTutoring.References.Tests.Support;

/// <summary>Helpers the integration tests share: a tutee with a tutor, a request, and a request taken to a given point.</summary>
public static class ReferenceWorld
{
    public static readonly DateOnly AllocatedOn = new(2025, 9, 1);

    public static object RequestBody(string kind = "Employment", string? previousTutorId = null, bool health = false) => new
    {
        kind,
        recipient = "Graduate recruitment, Acme Ltd",
        deadline = ReferencesApi.Today.AddDays(30),
        purpose = "Graduate scheme application",
        consent = new { health, personalCircumstances = false },
        previousTutorId,
    };

    public static object IssueBody(string? correctionReason = null, bool attested = true) => new
    {
        attestation = new { isTrue = true, isAccurate = attested, isNotUnfairOverall = true },
        knownFrom = AllocatedOn,
        knownTo = (DateOnly?)null,
        capacity = "Personal tutor",
        correctionReason,
    };

    /// <summary>A new MED tutee of <paramref name="tutor"/> (year 2 unless said).</summary>
    public static string NewTutee(this ReferencesApi api, string tutor, int year = 2)
    {
        var id = ReferencesApi.NewId("s");
        api.Allocation.AddStudent(id, "MED", tutor, AllocatedOn, year);
        return id;
    }

    public static async Task<string> AskAsync(this ReferencesApi api, string student, object? body = null)
    {
        var created = await api.Student(student).PostJson($"/api/students/{student}/reference-requests", body ?? RequestBody()).ShouldBe(HttpStatusCode.Created);
        return created.GetProperty("requestId").GetString()!;
    }

    /// <summary>A request its tutor accepted and drafted; returns its id.</summary>
    public static async Task<string> DraftedAsync(this ReferencesApi api, string student, string tutor, string text = "A diligent and kind student.")
    {
        var id = await api.AskAsync(student);
        await api.Tutor(tutor).PostAsync($"/api/reference-requests/{id}/accept", null).ShouldBe(HttpStatusCode.OK);
        await api.Tutor(tutor).PutJson($"/api/reference-requests/{id}/draft", new { text }).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    public static async Task<HttpResponseMessage> PutWithIfMatch(this HttpClient client, string url, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body, options: HttpAssertions.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }
}
