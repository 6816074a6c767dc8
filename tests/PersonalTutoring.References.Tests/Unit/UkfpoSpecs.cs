using PersonalTutoring.References.Tests.Support;
using System.Text.Json;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.References.Reminders;
using PersonalTutoring.References.Requests;
using PersonalTutoring.References.Requests.Issuing;
using PersonalTutoring.References.Ukfpo;

namespace PersonalTutoring.References.Tests.Unit;

/// <summary>RE-3: the configurable form, ratings only from the tutor, issuing with the form, the export, and deadline reminders.</summary>
public sealed class UkfpoSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("6d1f4d7e-0000-4000-8000-000000000003");
    private static readonly UkfpoForm Form = UkfpoForm.Default("MED", "2025-26");
    private static readonly DateOnly Known = new(2025, 9, 1);

    private static object[] Accepted(ReferenceKind kind = ReferenceKind.Ukfpo) =>
    [
        new ReferenceRequested(Id, "s1", "MED", kind, "UKFPO", new(2026, 2, 1), "FP", new(false, false), "t1", false, Now),
        new ReferenceRequestAccepted(Id, "t1", Now),
        new ReferenceDraftSaved(Id, ReferenceTexts.Of("Comments"), "t1", Now),
    ];

    private static IReadOnlyList<DomainRating> AllGood => [.. Form.Domains.Select(d => new DomainRating(d.Key, "Good"))];

    [Fact]
    public void The_default_form_has_six_domains_each_with_unable_to_comment()
    {
        Form.Domains.Select(d => d.Key).Should().Equal("knowledge", "clinical-skills", "professionalism", "communication", "teamwork", "overall");
        Form.Accepts("Unable to comment").Should().BeTrue();
        Form.Accepts("Superb").Should().BeFalse();
        Form.IsDefault.Should().BeTrue();
    }

    [Theory]
    [InlineData(2025, 8, 1, "2025-26")]
    [InlineData(2026, 7, 31, "2025-26")]
    [InlineData(2099, 12, 1, "2099-00")]
    public void The_academic_year_runs_from_August(int y, int m, int d, string year) => UkfpoForm.AcademicYearOf(new(y, m, d)).Should().Be(year);

    [Fact]
    public void Ratings_are_saved_in_the_forms_order() =>
        Spec<ReferenceRequest>.Given(Accepted()).When(s => UkfpoAnswers.Decide(s, Id, Form, "t1", new([new("overall", "Good"), new("knowledge", "Excellent")]), Now))
            .Then(new UkfpoAnswersSaved(Id, Form.Id, [.. Form.Domains.Select(d => d.Key)], [new("knowledge", "Excellent"), new("overall", "Good")], "t1", Now));

    [Fact]
    public void A_rating_the_form_does_not_have_is_refused() =>
        Spec<ReferenceRequest>.Given(Accepted()).When(s => UkfpoAnswers.Decide(s, Id, Form, "t1", new([new("knowledge", "Superb")]), Now)).ThenRefused("ukfpo-rating-unknown");

    [Fact]
    public void Only_a_UKFPO_request_has_the_form() =>
        Spec<ReferenceRequest>.Given(Accepted(ReferenceKind.Employment)).When(s => UkfpoAnswers.Decide(s, Id, Form, "t1", new([]), Now)).ThenRefused("not-ukfpo");

    [Fact]
    public void A_UKFPO_reference_is_issued_only_with_every_domain_rated() =>
        Spec<ReferenceRequest>.Given([.. Accepted(), new UkfpoAnswersSaved(Id, Form.Id, [.. Form.Domains.Select(d => d.Key)], [new("knowledge", "Good")], "t1", Now)])
            .When(s => IssueReference.Decide(s, Id, "t1", new(new(true, true, true), Known, null, "Personal tutor", null), Now)).ThenRefused("ukfpo-form-incomplete");

    [Fact]
    public void The_issued_UKFPO_reference_retains_the_ratings_and_its_hash_covers_them()
    {
        var given = Spec<ReferenceRequest>.Given([.. Accepted(), new UkfpoAnswersSaved(Id, Form.Id, [.. Form.Domains.Select(d => d.Key)], AllGood, "t1", Now)]);
        var hash = ContentHash.Of("Comments", JsonSerializer.Serialize(AllGood), "t1", "UKFPO", Known, null, "Personal tutor", Now);
        given.When(s => IssueReference.Decide(s, Id, "t1", new(new(true, true, true), Known, null, "Personal tutor", null), Now))
            .Then(new ReferenceIssued(Id, 1, "s1", ReferenceTexts.Of("Comments"), "t1", "UKFPO", Known, null, "Personal tutor", true, hash, null, null, Now, AllGood));
        hash.Should().NotBe(ContentHash.Of("Comments", null, "t1", "UKFPO", Known, null, "Personal tutor", Now));
    }

    [Fact]
    public void The_printable_page_encodes_what_people_typed()
    {
        var html = UkfpoExport.Html(new(Id, 1, "s1", "t1", "<b>UKFPO</b>", Now, "Tutor", Known, null, [new("knowledge", "Knowledge", "Good")], "<script>x</script>\nLine", "abc"));
        html.Should().Contain("&lt;script&gt;x&lt;/script&gt;<br>Line").And.Contain("&lt;b&gt;UKFPO&lt;/b&gt;").And.Contain("<td>Knowledge</td><td>Good</td>").And.NotContain("<script>");
    }

    [Fact]
    public void Suggested_evidence_is_facts_from_the_record_never_a_rating()
    {
        var facts = UkfpoAnswers.RecordFacts("t1", [new("s1", "t1", new(2023, 9, 1), new(2025, 9, 1)), new("s1", "t2", new(2025, 9, 1), null)],
            [new("s1", "t1", Now, "Email", "TutorInitiated", true), new("s1", "t2", Now, "Call", "TutorInitiated", false)]);
        facts.Should().Equal("You were their personal tutor from 2023-09-01 to 2025-09-01.", "2 recorded contacts in the last 12 months, 1 with a progress and wellbeing check-in.");
    }

    [Fact]
    public void Reminders_are_scheduled_on_each_reminder_day_still_ahead()
    {
        DeadlineReminders.Schedule(new(2026, 1, 20), [7, 1], Now).Select(x => (x.At, x.DaysBefore))
            .Should().Equal((new DateTimeOffset(2026, 1, 13, 8, 0, 0, TimeSpan.Zero), 7), (new DateTimeOffset(2026, 1, 19, 8, 0, 0, TimeSpan.Zero), 1));
        DeadlineReminders.Schedule(new(2026, 1, 15), [7, 1], Now).Select(x => x.DaysBefore).Should().Equal(1);
    }

    [Fact]
    public void A_reminder_is_recorded_once_and_only_while_the_request_is_open()
    {
        Spec<ReferenceRequest>.Given(Accepted()).When(s => DeadlineReminders.Decide(s, Id, new(2026, 2, 1), 7, Now))
            .Then(new ReferenceDeadlineReminded(Id, "t1", new(2026, 2, 1), 7, Now));
        Spec<ReferenceRequest>.Given([.. Accepted(), new ReferenceDeadlineReminded(Id, "t1", new(2026, 2, 1), 7, Now)])
            .When(s => DeadlineReminders.Decide(s, Id, new(2026, 2, 1), 7, Now)).ThenNothing();
        Spec<ReferenceRequest>.Given(Accepted()[0], new ReferenceRequestDeclined(Id, "t1", "No", Now))
            .When(s => DeadlineReminders.Decide(s, Id, new(2026, 2, 1), 7, Now)).ThenNothing();
        Spec<ReferenceRequest>.Given([.. Accepted(), new ReferenceIssued(Id, 1, "s1", ReferenceTexts.Of("C"), "t1", "UKFPO", Known, null, "T", true, "h", null, null, Now)])
            .When(s => DeadlineReminders.Decide(s, Id, new(2026, 2, 1), 1, Now)).ThenNothing();
    }
}
