using PersonalTutoring.References.Tests.Support;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Requests;
using PersonalTutoring.References.Requests.Drafting;
using PersonalTutoring.References.Requests.Issuing;

namespace PersonalTutoring.References.Tests.Unit;

/// <summary>RE-1 (duty of care: attestation, period and capacity) and RE-2 (immutable retained copies, corrections as new versions).</summary>
public sealed class IssuingSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("6d1f4d7e-0000-4000-8000-000000000002");
    private static readonly IssueReference.Attestation Attested = new(true, true, true);
    private static readonly DateOnly Known = new(2023, 9, 1);

    private static readonly object[] Accepted =
    [
        new ReferenceRequested(Id, "s1", "MED", ReferenceKind.Employment, "Acme Ltd", new(2026, 2, 1), "Job", new(false, false), "t1", false, Now),
        new ReferenceRequestAccepted(Id, "t1", Now),
    ];

    private static object[] With(params object[] more) => [.. Accepted, .. more];

    private static IssueReference.Request Issue(IssueReference.Attestation? attestation = null, string? correction = null) =>
        new(attestation ?? Attested, Known, null, "Personal tutor", correction);

    private static ReferenceIssued Issued(string text, int version = 1, DateTimeOffset? at = null) =>
        new(Id, version, "s1", ReferenceTexts.Of(text), "t1", "Acme Ltd", Known, null, "Personal tutor", true,
            ContentHash.Of(text, null, "t1", "Acme Ltd", Known, null, "Personal tutor", at ?? Now), null, null, at ?? Now);

    [Fact]
    public void A_draft_is_saved_only_after_accepting() =>
        Spec<ReferenceRequest>.Given(Accepted[0]).When(s => SaveDraft.Decide(s, Id, "t1", new("Text"), Now)).ThenRefused("request-status");

    [Fact]
    public void Every_changed_save_is_a_version_and_an_unchanged_one_is_not()
    {
        Spec<ReferenceRequest>.Given(Accepted).When(s => SaveDraft.Decide(s, Id, "t1", new("Text"), Now)).Then(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now));
        Spec<ReferenceRequest>.Given(With(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now))).When(s => SaveDraft.Decide(s, Id, "t1", new("Text"), Now)).ThenNothing();
    }

    [Fact]
    public void Only_the_author_drafts() =>
        Spec<ReferenceRequest>.Given(Accepted).When(s => SaveDraft.Decide(s, Id, "t2", new("Text"), Now)).ThenThrows<ForbiddenException>();

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    public void Issuing_needs_the_whole_attestation(bool isTrue, bool accurate, bool notUnfair) =>
        Spec<ReferenceRequest>.Given(With(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now)))
            .When(s => IssueReference.Decide(s, Id, "t1", Issue(new(isTrue, accurate, notUnfair)), Now)).ThenRefused("attestation-required");

    [Fact]
    public void Issuing_needs_a_draft() =>
        Spec<ReferenceRequest>.Given(Accepted).When(s => IssueReference.Decide(s, Id, "t1", Issue(), Now)).ThenRefused("no-draft");

    [Fact]
    public void The_period_the_author_knew_the_tutee_cannot_be_in_the_future() =>
        Spec<ReferenceRequest>.Given(With(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now)))
            .When(s => IssueReference.Decide(s, Id, "t1", Issue() with { KnownFrom = new(2026, 3, 1) }, Now)).ThenRefused("known-period-future");

    [Fact]
    public void Issuing_retains_the_exact_text_author_recipient_period_capacity_date_and_hash() =>
        Spec<ReferenceRequest>.Given(With(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now)))
            .When(s => IssueReference.Decide(s, Id, "t1", Issue(), Now)).Then(Issued("Text"));

    [Fact]
    public void The_hash_changes_with_any_character_of_the_text_or_the_recipient()
    {
        var hash = ContentHash.Of("Text", null, "t1", "Acme", Known, null, "Tutor", Now);
        hash.Should().HaveLength(64).And.Be(ContentHash.Of("Text", null, "t1", "Acme", Known, null, "Tutor", Now));
        ContentHash.Of("Text.", null, "t1", "Acme", Known, null, "Tutor", Now).Should().NotBe(hash);
        ContentHash.Of("Text", null, "t1", "Acme2", Known, null, "Tutor", Now).Should().NotBe(hash);
    }

    [Fact]
    public void A_correction_needs_its_reason() =>
        Spec<ReferenceRequest>.Given(With(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now), Issued("Text"), new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text 2"), "t1", Now)))
            .When(s => IssueReference.Decide(s, Id, "t1", Issue(), Now)).ThenRefused("correction-reason-required");

    [Fact]
    public void A_correction_must_change_the_text() =>
        Spec<ReferenceRequest>.Given(With(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now), Issued("Text")))
            .When(s => IssueReference.Decide(s, Id, "t1", Issue(correction: "Typo"), Now)).ThenRefused("correction-unchanged");

    [Fact]
    public void A_correction_is_a_new_version_linked_to_the_old_one()
    {
        var later = Now.AddDays(1);
        Spec<ReferenceRequest>.Given(With(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now), Issued("Text"), new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text 2"), "t1", later)))
            .When(s => IssueReference.Decide(s, Id, "t1", Issue(correction: " Typo "), later))
            .Then(Issued("Text 2", 2, later) with { Supersedes = 1, CorrectionReason = "Typo" });
    }

    [Fact]
    public void Only_an_issued_version_can_be_marked_confidential() =>
        Spec<ReferenceRequest>.Given(Accepted).When(s => MarkConfidential.Decide(s, Id, 1, "st", new("Recipient asked"), Now)).ThenThrows<NotFoundException>();

    [Fact]
    public void Marking_confidential_twice_adds_nothing() =>
        Spec<ReferenceRequest>.Given(With(new ReferenceDraftSaved(Id, ReferenceTexts.Of("Text"), "t1", Now), Issued("Text"), new IssuedReferenceMarkedConfidential(Id, 1, "R", "st", Now)))
            .When(s => MarkConfidential.Decide(s, Id, 1, "st", new("Again"), Now)).ThenNothing();
}
