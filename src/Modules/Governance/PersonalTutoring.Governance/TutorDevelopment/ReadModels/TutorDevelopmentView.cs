using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.TutorDevelopment.ReadModels;

/// <summary>
/// One tutor's development record in one school, as recorded: facts only. Due dates and overdue flags depend on
/// the date asked about, so readers derive them (<see cref="DevelopmentStatus"/>) and the projection stays deterministic.
/// </summary>
internal sealed record TutorDevelopmentView(
    string SchoolCode,
    string StaffId,
    DateOnly RoleStartedOn,
    DateOnly? RoleEndedOn,
    IReadOnlyList<TrainingRecord> Training,
    IReadOnlyList<QuizAttempt> QuizAttempts,
    IReadOnlyList<ConcernRecord> Concerns)
{
    /// <summary>The Marten identity: the record's stream key. Not part of the API's JSON.</summary>
    [JsonIgnore]
    public string Id => TutorDevelopmentRecord.StreamId(SchoolCode, StaffId);

    /// <summary>In the role on a date: started by then and not yet left (the end date is the last day in the role).</summary>
    public bool InRoleOn(DateOnly date) => RoleStartedOn <= date && (RoleEndedOn is null || RoleEndedOn >= date);
}

/// <summary>A record as recorded, with where the tutor stands on the date asked about.</summary>
internal sealed record TutorDevelopmentResponse(TutorDevelopmentView Record, DevelopmentStatus Status);

/// <summary><see cref="RecordedAt"/>: when it was entered, so the KPI report counts only what was known on its date (null before it was kept).</summary>
internal sealed record TrainingRecord(string Course, DateOnly CompletedOn, DateTimeOffset? RecordedAt = null);

internal sealed record QuizAttempt(int Score, DateOnly TakenOn, DateTimeOffset? RecordedAt = null);

internal sealed record ConcernRecord(Guid ConcernId, string Description, DateOnly RaisedOn, string RaisedBy, IReadOnlyList<ConcernAction> Actions, ConcernResolution? Resolution,
    DateTimeOffset? RecordedAt = null);

internal sealed record ConcernAction(string Action, DateOnly TakenOn, string RecordedBy);

internal sealed record ConcernResolution(string Resolution, DateOnly ResolvedOn, string ResolvedBy);

/// <summary>Async: nothing decides on it. One document per record stream (the fold's default document id).</summary>
internal sealed class TutorDevelopmentViewProjection : StreamFoldProjection<TutorDevelopmentView>
{
    public const string ProjectionName = "governance-tutor-development";

    public override string Name => ProjectionName;

    public override bool KeepsChanges => true;

    /// <summary>The KPI answer reads a school's records whatever their dates: the ledger key is the school (docs/adr/0098).</summary>
    protected override IEnumerable<string> ChangeKeys(TutorDevelopmentView view) => [view.SchoolCode];

    public override IReadOnlyCollection<Type> EventTypes => TutorDevelopmentEvents.All;

    protected override TutorDevelopmentView? Evolve(TutorDevelopmentView? current, IEvent e) => (current, e.Data) switch
    {
        (_, TutorDevelopmentRecordOpened o) => new TutorDevelopmentView(o.SchoolCode, o.StaffId, o.RoleStartedOn, null, [], [], []),
        ({ } v, TutorRoleStartCorrected c) => v with { RoleStartedOn = c.RoleStartedOn },
        ({ } v, TutorLeftRole l) => v with { RoleEndedOn = l.LeftOn },
        ({ } v, TutorRoleEndWithdrawn) => v with { RoleEndedOn = null },
        ({ } v, TutorTrainingCompleted t) => v with { Training = [.. v.Training, new TrainingRecord(t.Course, t.CompletedOn, t.RecordedAt)] },
        ({ } v, TutorQuizAttempted q) => v with { QuizAttempts = [.. v.QuizAttempts, new QuizAttempt(q.Score, q.TakenOn, q.RecordedAt)] },
        ({ } v, TutorConcernRaised r) => v with { Concerns = [.. v.Concerns, new ConcernRecord(r.ConcernId, r.Description, r.RaisedOn, r.RaisedBy, [], null, r.RecordedAt)] },
        ({ } v, TutorConcernActionTaken a) => Update(v, a.ConcernId, c => c with { Actions = [.. c.Actions, new ConcernAction(a.Action, a.TakenOn, a.RecordedBy)] }),
        ({ } v, TutorConcernResolved r) => Update(v, r.ConcernId, c => c with { Resolution = new ConcernResolution(r.Resolution, r.ResolvedOn, r.ResolvedBy) }),
        _ => current,
    };

    private static TutorDevelopmentView Update(TutorDevelopmentView view, Guid concernId, Func<ConcernRecord, ConcernRecord> change) =>
        view with { Concerns = view.Concerns.Select(c => c.ConcernId == concernId ? change(c) : c).ToList() };

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/tutors/{staffId}/development",
                async (string schoolCode, string staffId, DateOnly? asOf, IQuerySession session, ITutoringPolicies policies, TimeProvider clock, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                RouteValues.Staff(staffId);
                var view = await session.LoadAsync<TutorDevelopmentView>(TutorDevelopmentRecord.StreamId(schoolCode, staffId), ct)
                    ?? throw new NotFoundException($"Tutor {staffId} has no development record in school {schoolCode}.");
                var date = asOf ?? GovernanceAccess.Today(clock);
                var rules = await DevelopmentRules.InForceAsync(policies, schoolCode, date, ct);
                return Results.Ok(new TutorDevelopmentResponse(view, DevelopmentStatus.Of(view, date, rules)));
            })
            .RequireAuthorization(DevelopmentPolicies.ReadTutorRecord)
            .RequireResource((http, user) =>
            {
                // A tutor may read their own record (LCP: tutors must know how the school uses their quiz results);
                // no other tutor may, and Governance sees only the school's figures.
                var (schoolCode, staffId) = (http.RouteValue("schoolCode"), http.RouteValue("staffId"));
                if (!(user.IsIn(Roles.Tutor, Roles.SeniorTutor) && user.Id == staffId && user.HasSchool(schoolCode)))
                    ResourceAccess.DemandSchool(user, schoolCode, $"read the development record of tutor {staffId}");
                return Task.CompletedTask;
            })
            .WithName("GetTutorDevelopmentRecord")
            .WithSummary("One tutor's training, quiz attempts and concerns, with due dates as of a date. The school's Senior Tutors, Dean, Admin and the tutor.")
            .Produces<TutorDevelopmentResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
