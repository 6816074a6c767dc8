using PersonalTutoring.BuildingBlocks.Privacy;
using JasperFx.Events;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Allocation.ChangeRequests;

internal enum ChangeOutcome { Approved, Declined }

/// <summary>A tutee (or staff on their behalf) asked for a different tutor (AL-6).</summary>
internal sealed record TutorChangeRequested(string RequestId, string StudentId, string SchoolCode, string? CurrentTutorId, PersonalText Reason, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>A Senior Tutor decided; the rationale is what the student reads.</summary>
internal sealed record TutorChangeDecided(string RequestId, string StudentId, ChangeOutcome Outcome, string? NewTutorId, string Rationale, string DecidedBy, DateTimeOffset DecidedAt);

internal static class ChangeRequestEvents
{
    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<TutorChangeRequested>("allocation.tutor_change_requested");
        options.Events.MapEventType<TutorChangeDecided>("allocation.tutor_change_decided");
        options.AddWriteModel<ChangeRequest>();
    }
}

/// <summary>The write model of one change request: open or decided, whose, which school.</summary>
internal sealed record ChangeRequest(bool Exists, string StudentId, string SchoolCode, ChangeOutcome? Outcome) : IWriteModel<ChangeRequest>
{
    public string Id { get; init; } = "";

    public static ChangeRequest Initial => new(false, "", "", null);

    public static string StreamId(string requestId) => $"tutor-change-request-{requestId}";

    public ChangeRequest Evolve(IEvent @event) => @event.Data switch
    {
        TutorChangeRequested e => this with { Exists = true, StudentId = e.StudentId, SchoolCode = e.SchoolCode, Outcome = null },
        TutorChangeDecided e => this with { Outcome = e.Outcome },
        _ => this,
    };
}
