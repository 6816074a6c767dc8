using PersonalTutoring.Contact.Tests.Support;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>Role gates: each role the issue does not name for an endpoint gets a 403 and nothing is written.</summary>
public sealed class RoleGateTests(ContactApi api) : IClassFixture<ContactApi>
{
    private static readonly DateTimeOffset Now = London(2025, 11, 3, 12);

    private string NewTutee()
    {
        api.SetClock(Now);
        var id = NewId("s");
        api.Allocation.AddStudent(id, "MED", "t-tom", new DateOnly(2025, 8, 1));
        return id;
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.SupportTeam)]
    [InlineData(Roles.Dean)]
    [InlineData(Roles.Governance)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Integration)]
    [InlineData(Roles.Admin)]
    public async Task Only_tutors_and_senior_tutors_record_contact(string role)
    {
        var s = NewTutee();
        await api.ClientFor(role, role == Roles.Student ? s : "x", "MED").PostJson($"/api/students/{s}/contacts", ContactBody(Now)).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.EventCount($"contact-{s}")).Should().Be(0);
    }

    [Theory]
    [InlineData(Roles.Student, "/api/students/{s}/contacts")]
    [InlineData(Roles.Governance, "/api/students/{s}/contacts")]
    [InlineData(Roles.Integration, "/api/students/{s}/contacts")]
    [InlineData(Roles.Student, "/api/students/{s}/engagement")]
    [InlineData(Roles.Governance, "/api/students/{s}/engagement")]
    [InlineData(Roles.Auditor, "/api/students/{s}/engagement")]
    [InlineData(Roles.Integration, "/api/students/{s}/engagement")]
    [InlineData(Roles.Tutor, "/api/students/{s}/confidential-note-reads")]
    [InlineData(Roles.SeniorTutor, "/api/confidential-note-reads")]
    [InlineData(Roles.SupportTeam, "/api/confidential-note-reads")]
    [InlineData(Roles.Admin, "/api/confidential-note-reads")]
    [InlineData(Roles.Governance, "/api/confidential-note-reads")]
    [InlineData(Roles.Tutor, "/api/support-team/worklist")]
    [InlineData(Roles.Dean, "/api/support-team/worklist")]
    [InlineData(Roles.Tutor, "/api/schools/MED/overdue-replies")]
    [InlineData(Roles.Governance, "/api/schools/MED/overdue-replies")]
    [InlineData(Roles.SupportTeam, "/api/schools/MED/concerns")]
    [InlineData(Roles.Tutor, "/api/reports/student-route-contacts?schoolCode=MED&from=2025-09-01&to=2025-12-01")]
    [InlineData(Roles.Governance, "/api/reports/student-route-contacts?schoolCode=MED&from=2025-09-01&to=2025-12-01")]
    public async Task Roles_the_issue_does_not_name_are_refused_reads(string role, string url)
    {
        var s = NewTutee();
        await api.ClientFor(role, "x").GetAsync(url.Replace("{s}", s)).ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
