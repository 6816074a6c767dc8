using System.Text.Json;
using System.Text.Json.Nodes;
using static PersonalTutoring.Governance.Tests.Integration.GovernanceTestSupport;

namespace PersonalTutoring.Governance.Tests.Integration.DevelopmentAndGuide;

/// <summary>
/// GO-7, GO-8: the training and quiz intervals are a school policy default (the Code of Practice's 1 and 3 years
/// unless the school's approved policy says otherwise), never a constant. Today is 2025-10-01.
/// </summary>
public sealed class DevelopmentIntervalsTests(DevelopmentApi api) : IClassFixture<DevelopmentApi>
{
    private static string Record(string school, string staff) => $"/api/schools/{school}/tutors/{staff}/development";

    [Fact]
    public async Task With_no_approved_policy_training_is_due_three_years_after_the_last()
    {
        var senior = await TutorTrainedOn("TIA", "2024-01-10");

        var record = await senior.GetAsync(Record("TIA", "T1")).ShouldBe(HttpStatusCode.OK);

        record.GetProperty("status").GetProperty("trainingDueOn").GetString().Should().Be("2027-01-10");
    }

    [Fact]
    public async Task A_school_whose_approved_policy_retrains_every_two_years_sees_training_due_two_years_after_the_last()
    {
        var senior = await TutorTrainedOn("TIB", "2024-01-10");
        var policy = JsonSerializer.SerializeToNode(Policy(), HttpAssertions.Json)!.AsObject();
        policy["trainingEveryYears"] = 2;
        policy["quizWithinYears"] = 1;
        var admin = api.Admin();
        await admin.PutJson("/api/schools/TIB/policies/2025-26", policy).ShouldBe(HttpStatusCode.Created);
        await admin.PostJson("/api/schools/TIB/policies/2025-26/versions/1/committee-approval", Approval("2025-08-05", "SEC 1")).ShouldBe(HttpStatusCode.OK);
        await admin.PostJson("/api/schools/TIB/policies/2025-26/versions/1/dean-approval", Approval("2025-08-10", "Dean 1")).ShouldBe(HttpStatusCode.OK);
        await senior.PostJson(Record("TIB", "T1") + "/quiz-attempts", new { score = 70, takenOn = "2024-06-01" }).ShouldBe(HttpStatusCode.Created);
        await api.CatchUpAsync();

        var status = (await senior.GetAsync(Record("TIB", "T1")).ShouldBe(HttpStatusCode.OK)).GetProperty("status");

        status.GetProperty("trainingDueOn").GetString().Should().Be("2026-01-10");
        status.GetProperty("quizDueOn").GetString().Should().Be("2025-06-01");
        status.GetProperty("quizOverdue").GetBoolean().Should().BeTrue("the school asks for the quiz every year");
        var inForce = await admin.GetAsync("/api/schools/TIB/policies/in-force?date=2025-10-01").ShouldBe(HttpStatusCode.OK);
        inForce.GetProperty("trainingEveryYears").GetInt32().Should().Be(2);
    }

    [Theory]
    [InlineData("trainingEveryYears", 0)]
    [InlineData("firstTrainingWithinYears", 9)]
    [InlineData("quizWithinYears", -1)]
    public async Task Impossible_intervals_are_refused_with_the_field_named_and_nothing_written(string field, int value)
    {
        await api.RegisterSchoolAsync("TIC");
        var policy = JsonSerializer.SerializeToNode(Policy(), HttpAssertions.Json)!.AsObject();
        policy[field] = value;

        var problem = await api.Admin().PutJson("/api/schools/TIC/policies/2025-26", policy).ShouldBeProblem(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(n => n.Equals(field, StringComparison.OrdinalIgnoreCase));
        (await api.EventCountAsync("policy-TIC")).Should().Be(0);
    }

    private async Task<HttpClient> TutorTrainedOn(string school, string trainedOn)
    {
        await api.RegisterSchoolAsync(school);
        var senior = api.ClientFor(Roles.SeniorTutor, $"st-{school}", school);
        await senior.PutJson(Record(school, "T1"), new { roleStartedOn = "2023-09-01" }).ShouldBe(HttpStatusCode.Created);
        await senior.PostJson(Record(school, "T1") + "/training", new { course = "Essentials", completedOn = trainedOn }).ShouldBe(HttpStatusCode.Created);
        await api.CatchUpAsync();
        return senior;
    }
}
