using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.References.Requests;
using PersonalTutoring.References.Requests.Requesting;
using PersonalTutoring.References.Requests.Responding;
using PersonalTutoring.References.Tests.Support;

namespace PersonalTutoring.References.Tests.Unit;

/// <summary>RE-1, RE-4, RE-5: who a request goes to, and the tutor's and the Support Team's answers.</summary>
public sealed class RequestSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("6d1f4d7e-0000-4000-8000-000000000001");
    private static readonly ReferenceConsent Consent = new(false, true);

    private static StudentProfile Student(int year = 6) => new("s1", "Ada", "L", "a@x", "MED", "MBBS", CohortLevel.UG, year, new(2020, 9, 1), StudentStatus.Studying, false, false);

    private static readonly TutorAssignment[] Blocks =
    [
        new("s1", "t-old", new(2023, 9, 1), new(2025, 9, 1)),
        new("s1", "t-new", new(2025, 9, 1), null),
    ];

    private static RequestReference.Request Ask(string? previous = null, DateOnly? deadline = null) =>
        new(ReferenceKind.Ukfpo, "UKFPO", deadline ?? new(2026, 2, 1), "Foundation Programme", Consent, previous);

    private static ReferenceRequested Requested(string tutor = "t-new") =>
        new(Id, "s1", "MED", ReferenceKind.Ukfpo, "UKFPO", new(2026, 2, 1), "Foundation Programme", Consent, tutor, false, Now);

    [Fact]
    public void A_request_goes_to_the_tutor_of_today() =>
        Spec<ReferenceRequest>.Given().When(s => RequestReference.Decide(s, Id, Student(), Blocks, true, Ask(), Now)).Then(Requested());

    [Fact]
    public void A_final_year_student_may_send_it_to_the_previous_tutor_who_knew_them() =>
        Spec<ReferenceRequest>.Given().When(s => RequestReference.Decide(s, Id, Student(), Blocks, true, Ask("t-old"), Now))
            .Then(Requested("t-old") with { PreviousTutor = true });

    [Fact]
    public void Before_the_final_year_the_request_goes_to_the_tutor_of_today() =>
        Spec<ReferenceRequest>.Given().When(s => RequestReference.Decide(s, Id, Student(5), Blocks, false, Ask("t-old"), Now)).ThenRefused("previous-tutor-final-year-only");

    [Fact]
    public void Only_a_tutor_the_student_had_can_be_named() =>
        Spec<ReferenceRequest>.Given().When(s => RequestReference.Decide(s, Id, Student(), Blocks, true, Ask("t-stranger"), Now)).ThenRefused("not-a-previous-tutor");

    [Fact]
    public void Naming_the_tutor_of_today_is_an_ordinary_request() =>
        Spec<ReferenceRequest>.Given().When(s => RequestReference.Decide(s, Id, Student(), Blocks, true, Ask("t-new"), Now)).Then(Requested());

    [Fact]
    public void A_student_without_a_tutor_today_cannot_ask() =>
        Spec<ReferenceRequest>.Given().When(s => RequestReference.Decide(s, Id, Student(), [Blocks[0]], true, Ask(), Now)).ThenRefused("no-tutor");

    [Fact]
    public void The_deadline_must_be_ahead() =>
        Spec<ReferenceRequest>.Given().When(s => RequestReference.Decide(s, Id, Student(), Blocks, true, Ask(deadline: new(2026, 1, 12)), Now)).ThenRefused("deadline-passed");

    [Fact]
    public void Asking_again_with_the_same_id_adds_nothing() =>
        Spec<ReferenceRequest>.Given(Requested()).When(s => RequestReference.Decide(s, Id, Student(), Blocks, true, Ask(), Now)).ThenNothing();

    [Theory]
    [InlineData(6, true)]
    [InlineData(5, false)]
    [InlineData(1, false)]
    public void The_final_year_is_the_last_year_of_the_schools_tutor_blocks(int year, bool final) =>
        RequestReference.IsFinalYear(ReferencesApi.Policy("MED"), year).Should().Be(final);

    [Fact]
    public void Without_blocks_the_tutor_is_kept_so_no_year_names_a_previous_tutor() =>
        RequestReference.IsFinalYear(ReferencesApi.Policy("ENG"), 3).Should().BeFalse();

    [Fact]
    public void The_tutor_it_went_to_accepts_once() =>
        Spec<ReferenceRequest>.Given(Requested(), new ReferenceRequestAccepted(Id, "t-new", Now)).When(s => AcceptRequest.Decide(s, Id, "t-new", Now)).ThenNothing();

    [Fact]
    public void Another_tutor_cannot_accept() =>
        Spec<ReferenceRequest>.Given(Requested()).When(s => AcceptRequest.Decide(s, Id, "t-old", Now)).ThenThrows<ForbiddenException>();

    [Fact]
    public void A_declined_request_cannot_be_accepted() =>
        Spec<ReferenceRequest>.Given(Requested(), new ReferenceRequestDeclined(Id, "t-new", "No", Now)).When(s => AcceptRequest.Decide(s, Id, "t-new", Now)).ThenRefused("request-status");

    [Fact]
    public void Declining_records_the_reason() =>
        Spec<ReferenceRequest>.Given(Requested()).When(s => DeclineRequest.Decide(s, Id, "t-new", new(" I barely know you. "), Now))
            .Then(new ReferenceRequestDeclined(Id, "t-new", "I barely know you.", Now));

    [Fact]
    public void A_concern_passes_the_request_to_the_Support_Team_and_their_answer_returns_it_to_the_tutor()
    {
        var given = Spec<ReferenceRequest>.Given(Requested(), new ReferenceConcernRaised(Id, "t-new", "Concern", Now));
        given.State.Status.Should().Be(RequestStatus.WithSupportTeam);
        given.When(s => AnswerConcern.Decide(s, Id, "sup-1", new("Write what you can evidence."), Now))
            .Then(new ReferenceConcernAnswered(Id, "sup-1", "Write what you can evidence.", Now));
        Spec<ReferenceRequest>.Given(Requested(), new ReferenceConcernRaised(Id, "t-new", "Concern", Now), new ReferenceConcernAnswered(Id, "sup-1", "A", Now))
            .State.Status.Should().Be(RequestStatus.AwaitingTutor);
    }

    [Fact]
    public void The_Support_Team_answers_only_a_request_with_them() =>
        Spec<ReferenceRequest>.Given(Requested()).When(s => AnswerConcern.Decide(s, Id, "sup-1", new("A"), Now)).ThenRefused("request-status");

    [Fact]
    public void A_concern_needs_the_request_still_open() =>
        Spec<ReferenceRequest>.Given(Requested(), new ReferenceRequestDeclined(Id, "t-new", "No", Now))
            .When(s => RaiseReferenceConcern.Decide(s, Id, "t-new", new("C"), Now)).ThenRefused("request-status");
}
