using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using PersonalTutoring.Contract.Tests.Client;
using PersonalTutoring.Contract.Tests.Client.Models;

namespace PersonalTutoring.Contract.Tests;

/// <summary>
/// What the student-record system's developers do with the generated client, against the real host: upsert students
/// and tutors, send a batch with a bad row, allocate, read the history and the feed.
/// </summary>
public sealed class StudentRecordScenarioTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    private StudentRecordClient Client(string role, string subject, params string[] schools)
    {
        var http = api.ClientFor(role, subject, schools);
        return new StudentRecordClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') });
    }

    private static StudentUpsert Student(string given, string family, string email) => new()
    {
        GivenName = given, FamilyName = family, Email = email, SchoolCode = "KIO", ProgrammeCode = "MBBS", Level = CohortLevel.UG, YearOfStudy = 1,
        RegisteredOn = new Date(2025, 9, 22), Status = StudentStatus.Studying, StudentRouteVisa = false, VisitingStudyAbroad = false,
    };

    [Fact]
    public async Task The_generated_client_upserts_sends_a_batch_with_a_bad_row_allocates_and_reads_history_and_feed()
    {
        await api.Admin().PutJson("/api/schools/KIO", new { name = "School of Kiota" }).ShouldBe(HttpStatusCode.Created);
        var records = Client(Roles.Integration, "record-system");

        var zoe = await records.Api.Students["k-s1"].PutAsync(Student("Zoë", "Ó Súilleabháin", "zoe@students.test"));
        var tutor = await records.Api.Tutors["k-t1"].PutAsync(new TutorUpsert
        {
            GivenName = "Amara", FamilyName = "Okafor", Email = "k-t1@uni.test", SchoolCode = "KIO", PermanentAcademicStaff = true, Capacity = 10,
        });
        var bad = Student("Bo", "Chen", "not-an-address");
        var batch = await records.Api.Students.Batch.PostAsync(new StudentBatchUpsert
        {
            Students =
            [
                new StudentBatchRow { StudentId = "k-s2", GivenName = "Ada", FamilyName = "Lovelace", Email = "ada@students.test", SchoolCode = "KIO", ProgrammeCode = "MBBS",
                    Level = CohortLevel.UG, YearOfStudy = 2, RegisteredOn = new Date(2024, 9, 23), Status = StudentStatus.Studying, StudentRouteVisa = true, VisitingStudyAbroad = false },
                new StudentBatchRow { StudentId = "k-s3", GivenName = bad.GivenName, FamilyName = bad.FamilyName, Email = bad.Email, SchoolCode = "KIO", ProgrammeCode = "MBBS",
                    Level = CohortLevel.UG, YearOfStudy = 1, RegisteredOn = new Date(2025, 9, 22), Status = StudentStatus.Studying, StudentRouteVisa = false, VisitingStudyAbroad = false },
            ],
        });
        var allocation = await Client(Roles.SeniorTutor, "st-kio", "KIO").Api.Allocations.PostAsync(new TutorAllocationRequest
        {
            StudentId = "k-s1", TutorId = "k-t1", Reason = "Initial allocation",
        });

        (zoe!.StudentId, zoe.GivenName, zoe.FamilyName, zoe.Status).Should().Be(("k-s1", "Zoë", "Ó Súilleabháin", StudentStatus.Studying));
        (tutor!.StaffId, tutor.Details!.Capacity, tutor.Version).Should().Be(("k-t1", 10, 1L));
        (batch!.Created, batch.Rejected).Should().Be((1, 1));
        var rowError = batch.Errors.Should().ContainSingle().Subject;
        (rowError.Index, rowError.StudentId).Should().Be((1, "k-s3"));
        rowError.Errors!.AdditionalData.Should().ContainKey("email");
        (allocation!.StudentId, allocation.TutorId, allocation.Changed).Should().Be(("k-s1", "k-t1", true));

        await api.CatchUpAsync();
        var history = await Client(Roles.Admin, "admin-1").Api.Students["k-s1"].AllocationHistory.GetAsync();
        history.Should().ContainSingle().Which.Should().Match<AllocationChange>(c => c.ToTutorId == "k-t1" && c.FromTutorId == null && c.Reason == "Initial allocation");
        var feed = await records.Api.Feed.GetAsync(q => q.QueryParameters.After = 0);
        feed!.Entries.Should().Contain(e => e.Change!.StudentId == "k-s1" && e.Change.ToTutorId == "k-t1" && e.Type == "TutorAllocationChanged");
        feed.Next.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_refused_call_surfaces_as_the_contracts_problem_with_its_status()
    {
        var records = Client(Roles.Integration, "record-system");

        var call = () => records.Api.Students["k-unknown-school"].PutAsync(Student("Ada", "Lovelace", "ada@students.test") is var s ? WithSchool(s, "NOWHERE") : s);

        (await call.Should().ThrowAsync<ApiException>()).Which.ResponseStatusCode.Should().Be(422);
    }

    private static StudentUpsert WithSchool(StudentUpsert student, string school)
    {
        student.SchoolCode = school;
        return student;
    }
}
