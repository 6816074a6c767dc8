using PersonalTutoring.Governance.TutorDevelopment;
using PersonalTutoring.Governance.TutorDevelopment.RaisingConcern;
using PersonalTutoring.Governance.TutorDevelopment.RecordingQuizAttempt;
using PersonalTutoring.Governance.TutorDevelopment.RecordingTutorRole;
using PersonalTutoring.Governance.TutorDevelopment.RecordingTraining;
using PersonalTutoring.Governance.TutorDevelopment.ResolvingConcern;
using PersonalTutoring.Governance.TutorDevelopment.TakingConcernAction;

namespace PersonalTutoring.Governance.Tests.Unit.DevelopmentAndGuide;

/// <summary>GO-7, GO-8, GO-9: the tutor development record's decisions.</summary>
public sealed class TutorDevelopmentSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Started = new(2024, 9, 1);
    private static readonly Guid Concern = Guid.Parse("00000000-0000-4000-8000-000000000001");
    private static readonly TutorDevelopmentRecordOpened Opened = new("MED", "T1", Started, "st-1", Now);
    private static readonly TutorConcernRaised Raised = new("MED", "T1", Concern, "No contact with tutees", new DateOnly(2026, 1, 10), "st-1", Now);

    [Fact]
    public void The_first_role_start_opens_the_record() =>
        Spec<TutorDevelopmentRecord>.Given()
            .When(s => RecordTutorRole.Decide(s, "MED", "T1", new(Started), "st-1", Now))
            .Then(Opened);

    [Fact]
    public void The_same_role_start_again_decides_nothing() =>
        Spec<TutorDevelopmentRecord>.Given(Opened)
            .When(s => RecordTutorRole.Decide(s, "MED", "T1", new(Started), "st-1", Now))
            .ThenNothing();

    [Fact]
    public void A_different_role_start_is_a_correction() =>
        Spec<TutorDevelopmentRecord>.Given(Opened)
            .When(s => RecordTutorRole.Decide(s, "MED", "T1", new(new DateOnly(2024, 1, 8)), "st-1", Now))
            .Then(new TutorRoleStartCorrected("MED", "T1", new DateOnly(2024, 1, 8), "st-1", Now));

    [Fact]
    public void A_tutor_leaving_the_role_is_recorded_and_a_mistaken_departure_withdrawn()
    {
        var left = new TutorLeftRole("MED", "T1", new DateOnly(2026, 2, 27), "st-1", Now);
        Spec<TutorDevelopmentRecord>.Given(Opened)
            .When(s => RecordTutorRole.Decide(s, "MED", "T1", new(Started, new DateOnly(2026, 2, 27)), "st-1", Now))
            .Then(left);
        Spec<TutorDevelopmentRecord>.Given(Opened, left)
            .When(s => RecordTutorRole.Decide(s, "MED", "T1", new(Started, new DateOnly(2026, 2, 27)), "st-1", Now))
            .ThenNothing();
        Spec<TutorDevelopmentRecord>.Given(Opened, left)
            .When(s => RecordTutorRole.Decide(s, "MED", "T1", new(Started), "st-1", Now))
            .Then(new TutorRoleEndWithdrawn("MED", "T1", "st-1", Now));
    }

    [Fact]
    public void Training_is_recorded_on_an_open_record() =>
        Spec<TutorDevelopmentRecord>.Given(Opened)
            .When(s => RecordTraining.Decide(s, "MED", "T1", new(" Essentials ", new DateOnly(2025, 5, 1)), "st-1", Now))
            .Then(new TutorTrainingCompleted("MED", "T1", "Essentials", new DateOnly(2025, 5, 1), "st-1", Now));

    [Fact]
    public void Training_for_a_tutor_without_a_record_is_not_found() =>
        Spec<TutorDevelopmentRecord>.Given()
            .When(s => RecordTraining.Decide(s, "MED", "T1", new("Essentials", new DateOnly(2025, 5, 1)), "st-1", Now))
            .ThenThrows<PersonalTutoring.BuildingBlocks.Http.NotFoundException>();

    [Fact]
    public void A_quiz_attempt_is_recorded_with_its_score() =>
        Spec<TutorDevelopmentRecord>.Given(Opened)
            .When(s => RecordQuizAttempt.Decide(s, "MED", "T1", new(84, new DateOnly(2025, 6, 3)), "st-1", Now))
            .Then(new TutorQuizAttempted("MED", "T1", 84, new DateOnly(2025, 6, 3), "st-1", Now));

    [Fact]
    public void A_concern_is_raised_then_acted_on_then_resolved()
    {
        Spec<TutorDevelopmentRecord>.Given(Opened)
            .When(s => RaiseConcern.Decide(s, "MED", "T1", Concern, new("No contact with tutees", new DateOnly(2026, 1, 10)), "st-1", Now))
            .Then(Raised);
        Spec<TutorDevelopmentRecord>.Given(Opened, Raised)
            .When(s => RecordConcernAction.Decide(s, "MED", "T1", Concern, new("Meeting held", new DateOnly(2026, 1, 20)), "st-1", Now))
            .Then(new TutorConcernActionTaken("MED", "T1", Concern, "Meeting held", new DateOnly(2026, 1, 20), "st-1", Now));
        Spec<TutorDevelopmentRecord>.Given(Opened, Raised)
            .When(s => ResolveConcern.Decide(s, "MED", "T1", Concern, new("Contact restored", new DateOnly(2026, 2, 20)), "st-1", Now))
            .Then(new TutorConcernResolved("MED", "T1", Concern, "Contact restored", new DateOnly(2026, 2, 20), "st-1", Now));
    }

    [Fact]
    public void A_resolved_concern_cannot_be_resolved_again() =>
        Spec<TutorDevelopmentRecord>.Given(Opened, Raised, new TutorConcernResolved("MED", "T1", Concern, "Done", new DateOnly(2026, 2, 1), "st-1", Now))
            .When(s => ResolveConcern.Decide(s, "MED", "T1", Concern, new("Again", new DateOnly(2026, 2, 2)), "st-1", Now))
            .ThenRefused("concern-already-resolved");

    [Fact]
    public void No_action_is_recorded_on_a_resolved_concern() =>
        Spec<TutorDevelopmentRecord>.Given(Opened, Raised, new TutorConcernResolved("MED", "T1", Concern, "Done", new DateOnly(2026, 2, 1), "st-1", Now))
            .When(s => RecordConcernAction.Decide(s, "MED", "T1", Concern, new("Late action", new DateOnly(2026, 2, 2)), "st-1", Now))
            .ThenRefused("concern-already-resolved");

    [Fact]
    public void A_follow_up_cannot_predate_the_concern() =>
        Spec<TutorDevelopmentRecord>.Given(Opened, Raised)
            .When(s => ResolveConcern.Decide(s, "MED", "T1", Concern, new("Done", new DateOnly(2026, 1, 9)), "st-1", Now))
            .ThenRefused("before-concern-raised");

    [Fact]
    public void An_unknown_concern_is_not_found() =>
        Spec<TutorDevelopmentRecord>.Given(Opened)
            .When(s => RecordConcernAction.Decide(s, "MED", "T1", Concern, new("Action", new DateOnly(2026, 2, 2)), "st-1", Now))
            .ThenThrows<PersonalTutoring.BuildingBlocks.Http.NotFoundException>();

    [Fact]
    public void Hyphenated_school_codes_and_staff_ids_never_share_a_stream() =>
        TutorDevelopmentRecord.StreamId("UCL-MS", "T1").Should().NotBe(TutorDevelopmentRecord.StreamId("UCL", "MS-T1"));
}
