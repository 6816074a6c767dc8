using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Contracts;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ContactLogs.Concerns;
using PersonalTutoring.Contact.ContactLogs.Objectives;
using PersonalTutoring.Contact.ContactLogs.Referrals;
using PersonalTutoring.Contact.ContactLogs.Sharing;

namespace PersonalTutoring.Contact.Tests.Unit;

/// <summary>Referrals (CO-10), concerns (CO-9, CO-14), objectives (CO-12) and consent (CO-7) lifecycles.</summary>
public sealed class LifecycleSpecs
{
    private static readonly DateTimeOffset Now = new(2025, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid(), ConsentId = Guid.NewGuid();
    private static readonly StudentFacts Anna = new("s1", "MED", ["t-tom"], []);

    private static StudentAccess As(string role, string id, params string[] schools)
    {
        var user = new CurrentUser(id, new HashSet<string> { role }, new HashSet<string>(schools));
        return new StudentAccess(user, Anna, ResourceAccess.Relate(user, Anna));
    }

    /// <summary>Anna's text of a kind of record, as the deciders write it: under that kind's key.</summary>
    private static PersonalText Text(string kind, string text) => PersonalText.Of("s1", kind, text);

    private static PersonalText Referral(string text) => Text(SubjectRecordKinds.Referral, text);

    private static MakeReferral.Request Referral(bool? consent, MakeReferral.Breach? breach) =>
        new(ReferralService.SupportTeam, "Struggling", consent, breach, ConsentScope.AllNotes, null, new DateOnly(2025, 12, 1));

    [Fact]
    public void CO7_a_referral_needs_consent_or_a_breach_justification() =>
        Spec<ContactLog>.Given().When(s => MakeReferral.Decide(s, As(Roles.Tutor, "t-tom"), Id, ConsentId, Referral(false, null), Now))
            .ThenRefused("consent-or-breach-justification");

    [Fact]
    public void CO7_a_referral_on_consent_records_the_consent_first() =>
        Spec<ContactLog>.Given().When(s => MakeReferral.Decide(s, As(Roles.Tutor, "t-tom"), Id, ConsentId, Referral(true, null), Now))
            .Then(new ConsentRecorded("s1", ConsentId, "t-tom", ConsentScope.AllNotes, null, Now),
                new ReferralMade("s1", Id, "MED", ReferralService.SupportTeam, Referral("Struggling"), "t-tom", ConsentId, null, null, new DateOnly(2025, 12, 1), Now));

    [Fact]
    public void CO7_a_breach_referral_records_its_ground() =>
        Spec<ContactLog>.Given().When(s => MakeReferral.Decide(s, As(Roles.Tutor, "t-tom"), Id, ConsentId, Referral(null, new(BreachGround.RiskToSelf, "Disclosed self-harm")), Now))
            .Then(new ReferralMade("s1", Id, "MED", ReferralService.SupportTeam, Referral("Struggling"), "t-tom", null, BreachGround.RiskToSelf, Referral("Disclosed self-harm"), new DateOnly(2025, 12, 1), Now));

    private static readonly ReferralMade Made = new("s1", Id, "MED", ReferralService.SupportTeam, Referral("r"), "t-tom", null, BreachGround.Safeguarding, Referral("j"), null, Now);

    [Fact]
    public void CO10_a_referral_is_acknowledged_before_it_is_closed() =>
        Spec<ContactLog>.Given(Made).When(s => ProgressReferral.Close(s, As(Roles.SupportTeam, "sup"), Id, new("Seen"), Now))
            .ThenRefused("referral-not-acknowledged");

    [Fact]
    public void CO10_the_support_team_acknowledges_then_closes_with_an_outcome() =>
        Spec<ContactLog>.Given(Made, new ReferralAcknowledged("s1", Id, "sup", Now))
            .When(s => ProgressReferral.Close(s, As(Roles.SupportTeam, "sup"), Id, new(" Seen twice "), Now))
            .Then(new ReferralClosed("s1", Id, "sup", Referral("Seen twice"), Now));

    [Fact]
    public void A_tutor_of_another_student_cannot_progress_the_referral() =>
        Spec<ContactLog>.Given(Made).When(s => ProgressReferral.Acknowledge(s, As(Roles.Tutor, "t-other"), Id, Now))
            .ThenThrows<ForbiddenException>();

    [Fact]
    public void CO9_fitness_to_practise_goes_to_the_support_team_whatever_was_asked() =>
        Spec<ContactLog>.Given().When(s => RaiseConcern.Decide(s, As(Roles.Tutor, "t-tom"), Id, new(ConcernKind.FitnessToPractise, "d", ConcernRoute.SeniorTutor), Now))
            .ThenRefused("concern-route-fixed");

    [Fact]
    public void CO14_needing_more_time_is_routed_to_the_senior_tutor() =>
        Spec<ContactLog>.Given().When(s => RaiseConcern.Decide(s, As(Roles.Tutor, "t-tom"), Id, new(ConcernKind.NeedsMoreTime, "Weekly visits", null), Now))
            .Then(new ConcernRaised("s1", Id, "MED", ConcernKind.NeedsMoreTime, ConcernRoute.SeniorTutor, Text(SubjectRecordKinds.Concern, "Weekly visits"), "t-tom", Now));

    [Fact]
    public void CO14_only_the_schools_senior_tutor_acknowledges_a_concern_routed_to_them() =>
        Spec<ContactLog>.Given(new ConcernRaised("s1", Id, "MED", ConcernKind.NeedsMoreTime, ConcernRoute.SeniorTutor, Text(SubjectRecordKinds.Concern, "d"), "t-tom", Now))
            .When(s => ProgressConcern.Acknowledge(s, As(Roles.SupportTeam, "sup"), Id, Now))
            .ThenThrows<ForbiddenException>();

    [Fact]
    public void CO12_an_objective_is_reviewed_once() =>
        Spec<ContactLog>.Given(new ObjectiveSet("s1", Id, Text(SubjectRecordKinds.Objective, "Attend labs"), new DateOnly(2026, 1, 15), "t-tom", Now),
                new ObjectiveReviewed("s1", Id, ObjectiveOutcome.Met, null, "t-tom", Now))
            .When(s => Objectives.Review(s, "s1", Id, new(ObjectiveOutcome.NotMet, null), "t-tom", Now))
            .ThenRefused("objective-already-reviewed");

    [Fact]
    public void CO12_an_objectives_review_date_is_in_the_future() =>
        Spec<ContactLog>.Given().When(s => Objectives.Set(s, "s1", Id, new("Attend labs", new DateOnly(2025, 11, 20)), "t-tom", Now))
            .ThenRefused("review-date-not-future");

    [Fact]
    public void CO7_revoking_twice_appends_nothing() =>
        Spec<ContactLog>.Given(new ConsentRecorded("s1", ConsentId, "s1", ConsentScope.StandardNotes, null, Now), new ConsentRevoked("s1", ConsentId, "s1", Now))
            .When(s => Consents.Revoke(s, "s1", ConsentId, "s1", Now))
            .ThenNothing();
}
