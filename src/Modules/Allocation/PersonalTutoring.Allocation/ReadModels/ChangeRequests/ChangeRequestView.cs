using PersonalTutoring.BuildingBlocks.Privacy;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.ChangeRequests;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Allocation.ReadModels.ChangeRequests;

/// <summary>A change request. <see cref="Reason"/> is the student's own words: null in answers to those who may not read it.</summary>
internal sealed record ChangeRequestView(string RequestId, string StudentId, string SchoolCode, string? CurrentTutorId, PersonalText? Reason, string RequestedBy,
    DateTimeOffset RequestedAt, string Status, string? NewTutorId, string? Rationale, string? DecidedBy, DateTimeOffset? DecidedAt);

internal sealed record OpenChangeRequest(string RequestId, string StudentId, string? CurrentTutorId, PersonalText? Reason, DateTimeOffset RequestedAt, int AgeDays);

/// <summary>
/// Who reads the student's reason (issue 10 item 5): it may be about their tutor or their health, so only the student,
/// the school's Senior Tutors and the university-wide roles (Admin, Dean). Auditors and the Support Team see that a
/// request was made and how it was decided; Integration does not read a student's requests at all. The school's list
/// and the student's route ask the same question, so they cannot disagree.
/// </summary>
internal static class ChangeRequestReasons
{
    public const StudentRelation Readers = StudentRelation.Self | StudentRelation.SeniorTutorOfSchool | StudentRelation.UniversityWide;

    public static bool MayRead(StudentAccess access) => access.Is(Readers);

    /// <summary>The same rule for a school's list: the caller is related to every student on it as to the school.</summary>
    public static bool MayReadInSchool(CurrentUser user, string schoolCode) =>
        (ResourceAccess.Relate(user, new StudentFacts("", schoolCode, [], [])) & Readers) != 0;
}

/// <summary>Change requests as the student (status, rationale) and the school (open ones, with their age) see them (AL-6).</summary>
internal sealed class ChangeRequestViewProjection : StreamFoldProjection<ChangeRequestView>
{
    public override string Name => "allocation-change-requests";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(TutorChangeRequested), typeof(TutorChangeDecided)];

    public static void Register(StoreOptions options)
    {
        options.Schema.For<ChangeRequestView>().DatabaseSchemaName(AllocationModule.Schema).Identity(r => r.RequestId)
            .Index(r => r.StudentId).Index(r => r.SchoolCode);
        options.AddFold(new ChangeRequestViewProjection());
    }

    protected override string DocumentId(IEvent e) => e.Data switch
    {
        TutorChangeRequested r => r.RequestId,
        TutorChangeDecided d => d.RequestId,
        _ => throw new InvalidOperationException($"Unexpected {e.EventTypeName} in {Name}."),
    };

    protected override ChangeRequestView? Evolve(ChangeRequestView? current, IEvent e) => e.Data switch
    {
        TutorChangeRequested r => new ChangeRequestView(r.RequestId, r.StudentId, r.SchoolCode, r.CurrentTutorId, r.Reason, r.RequestedBy, r.RequestedAt,
            "Open", null, null, null, null),
        TutorChangeDecided d when current is not null => current with
        {
            Status = d.Outcome.ToString(),
            NewTutorId = d.NewTutorId,
            Rationale = d.Rationale,
            DecidedBy = d.DecidedBy,
            DecidedAt = d.DecidedAt,
        },
        _ => current,
    };

    /// <summary>Who reads a student's requests: the student, the school's Senior Tutor, university-wide and oversight roles; not the tutor.</summary>
    private const StudentRelation Readers = StudentRelation.Self | StudentRelation.SeniorTutorOfSchool | StudentRelation.UniversityWide | StudentRelation.Oversight;

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/students/{studentId}/tutor-change-requests", async (string studentId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var reader = http.StudentAccess();
                var requests = await session.Query<ChangeRequestView>().Where(r => r.StudentId == studentId).OrderBy(r => r.RequestedAt).ToListAsync(ct);
                return Results.Ok(ChangeRequestReasons.MayRead(reader) ? requests : requests.Select(r => r with { Reason = null }).ToList());
            })
            .RequireAuthorization(AllocationPolicies.ReadStudent)
            .RequireStudent(Readers, "read change requests")
            .WithName("GetStudentChangeRequests")
            .WithSummary("A student's tutor change requests with their status and the decision's rationale; the reason only for the student, the school's Senior Tutors, Admin and Dean.")
            .Produces<IReadOnlyList<ChangeRequestView>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/schools/{schoolCode}/tutor-change-requests", async (string schoolCode, HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                var withReasons = ChangeRequestReasons.MayReadInSchool(http.CurrentUser(), schoolCode);
                var today = Dates.UkDate(clock.GetUtcNow());
                var open = await session.Query<ChangeRequestView>().Where(r => r.SchoolCode == schoolCode && r.Status == "Open")
                    .OrderBy(r => r.RequestedAt).ToListAsync(ct);
                return Results.Ok(open.Select(r => new OpenChangeRequest(r.RequestId, r.StudentId, r.CurrentTutorId, withReasons ? r.Reason : null, r.RequestedAt,
                    today.DayNumber - Dates.UkDate(r.RequestedAt).DayNumber)).ToList());
            })
            .RequireAuthorization(AllocationPolicies.ReadSchool)
            .RequireSchool("read change requests", AllocationPolicies.SchoolWideReaders)
            .WithName("GetOpenChangeRequests")
            .WithSummary("A school's open tutor change requests, oldest first, with their age in days; the reason only for the school's Senior Tutors, Admin and Dean.")
            .Produces<IReadOnlyList<OpenChangeRequest>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
