using System.Text.Json;

namespace PersonalTutoring.Governance.Tests.Integration;

/// <summary>
/// Read models are stored under a key of their own (the stream they fold), which is never part of what the API
/// answers: the JSON keeps the shape it had before the move to Marten.
/// </summary>
public sealed class ReadModelShapeTests(GovernanceApi api) : IClassFixture<GovernanceApi>
{
    [Fact]
    public async Task Stored_views_answer_without_their_storage_key()
    {
        await api.Services.SeedGovernanceDemoAsync(CancellationToken.None);
        await api.Services.SeedGovernanceDevelopmentDemoAsync(CancellationToken.None);
        await api.CatchUpAsync();
        var admin = api.Admin();

        var answers = new Dictionary<string, JsonElement>
        {
            ["policy versions"] = await admin.GetAsync("/api/schools/MED/policies/2026-27").ShouldBe(HttpStatusCode.OK),
            ["calendar"] = await admin.GetAsync("/api/schools/MED/academic-years/2026-27/calendar").ShouldBe(HttpStatusCode.OK),
            ["appointment"] = (await admin.GetAsync("/api/appointments?date=2026-11-22").ShouldBe(HttpStatusCode.OK)).GetProperty("dean"),
            ["evaluation"] = await admin.GetAsync("/api/schools/MED/evaluation/2025-26").ShouldBe(HttpStatusCode.OK),
            ["development record"] = (await admin.GetAsync("/api/schools/MED/tutors/MED-T001/development").ShouldBe(HttpStatusCode.OK)).GetProperty("record"),
        };

        foreach (var (view, json) in answers)
        {
            json.ValueKind.Should().Be(JsonValueKind.Object, "the {0} is answered", view);
            json.TryGetProperty("id", out _).Should().BeFalse("the {0} answers in its API shape, without the key it is stored under", view);
            json.TryGetProperty("schoolCode", out _).Should().BeTrue("the {0} still carries its natural key", view);
        }
    }
}
