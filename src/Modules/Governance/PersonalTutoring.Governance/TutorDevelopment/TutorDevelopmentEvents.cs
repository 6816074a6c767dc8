using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.TutorDevelopment;

/// <summary>A tutor's development record is opened with the date they started the role (GO-7 measures from it).</summary>
internal sealed record TutorDevelopmentRecordOpened(string SchoolCode, string StaffId, DateOnly RoleStartedOn, string OpenedBy, DateTimeOffset OpenedAt);

internal sealed record TutorRoleStartCorrected(string SchoolCode, string StaffId, DateOnly RoleStartedOn, string CorrectedBy, DateTimeOffset CorrectedAt);

/// <summary>The tutor left the role in this school on <see cref="LeftOn"/> (their last day in it).</summary>
internal sealed record TutorLeftRole(string SchoolCode, string StaffId, DateOnly LeftOn, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A recorded departure was a mistake: the tutor is in the role again with no end date.</summary>
internal sealed record TutorRoleEndWithdrawn(string SchoolCode, string StaffId, string RecordedBy, DateTimeOffset RecordedAt);

internal sealed record TutorTrainingCompleted(string SchoolCode, string StaffId, string Course, DateOnly CompletedOn, string RecordedBy, DateTimeOffset RecordedAt);

internal sealed record TutorQuizAttempted(string SchoolCode, string StaffId, int Score, DateOnly TakenOn, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A concern that the tutor is not sufficiently fulfilling the role (GO-9).</summary>
internal sealed record TutorConcernRaised(string SchoolCode, string StaffId, Guid ConcernId, string Description, DateOnly RaisedOn, string RaisedBy, DateTimeOffset RecordedAt);

internal sealed record TutorConcernActionTaken(string SchoolCode, string StaffId, Guid ConcernId, string Action, DateOnly TakenOn, string RecordedBy, DateTimeOffset RecordedAt);

internal sealed record TutorConcernResolved(string SchoolCode, string StaffId, Guid ConcernId, string Resolution, DateOnly ResolvedOn, string ResolvedBy, DateTimeOffset RecordedAt);

internal static class TutorDevelopmentEvents
{
    public static readonly IReadOnlyCollection<Type> All =
    [
        typeof(TutorDevelopmentRecordOpened), typeof(TutorRoleStartCorrected), typeof(TutorLeftRole), typeof(TutorRoleEndWithdrawn), typeof(TutorTrainingCompleted), typeof(TutorQuizAttempted),
        typeof(TutorConcernRaised), typeof(TutorConcernActionTaken), typeof(TutorConcernResolved),
    ];

    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<TutorDevelopmentRecordOpened>("governance.tutor_development_record_opened");
        options.Events.MapEventType<TutorRoleStartCorrected>("governance.tutor_role_start_corrected");
        options.Events.MapEventType<TutorLeftRole>("governance.tutor_left_role");
        options.Events.MapEventType<TutorRoleEndWithdrawn>("governance.tutor_role_end_withdrawn");
        options.Events.MapEventType<TutorTrainingCompleted>("governance.tutor_training_completed");
        options.Events.MapEventType<TutorQuizAttempted>("governance.tutor_quiz_attempted");
        options.Events.MapEventType<TutorConcernRaised>("governance.tutor_concern_raised");
        options.Events.MapEventType<TutorConcernActionTaken>("governance.tutor_concern_action_taken");
        options.Events.MapEventType<TutorConcernResolved>("governance.tutor_concern_resolved");
        options.AddWriteModel<TutorDevelopmentRecord>();
    }
}
