using PersonalTutoring.Governance.TuteeGuides;
using PersonalTutoring.Governance.TuteeGuides.DraftingGuide;
using PersonalTutoring.Governance.TuteeGuides.PublishingGuide;

namespace PersonalTutoring.Governance.Tests.Unit.DevelopmentAndGuide;

/// <summary>GO-4, ME-2, ME-9: drafts, immutable published versions, and supersession.</summary>
public sealed class TuteeGuideSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 9, 0, 0, TimeSpan.Zero);

    private static GuideContent Content(string description) => new(description, "Email", "Ask the Senior Tutor", "Open door",
        [new MeetingWindow("Welcome Week", new DateOnly(2026, 9, 21), new DateOnly(2026, 10, 2), MeetingKind.Individual)]);

    private static readonly GuideContent V1 = Content("First");

    [Fact]
    public void A_first_draft_is_recorded() =>
        Spec<TuteeGuide>.Given()
            .When(s => DraftTuteeGuide.Decide(s, "MED", "2026-27", V1, "st-1", Now))
            .Then(new TuteeGuideDrafted("MED", "2026-27", V1, "st-1", Now));

    [Fact]
    public void The_same_draft_again_decides_nothing_even_as_a_new_list() =>
        Spec<TuteeGuide>.Given(new TuteeGuideDrafted("MED", "2026-27", V1, "st-1", Now))
            .When(s => DraftTuteeGuide.Decide(s, "MED", "2026-27", Content("First"), "st-1", Now))
            .ThenNothing();

    [Fact]
    public void Publishing_makes_the_draft_version_one() =>
        Spec<TuteeGuide>.Given(new TuteeGuideDrafted("MED", "2026-27", V1, "st-1", Now))
            .When(s => PublishTuteeGuide.Decide(s, "MED", "2026-27", "st-1", Now))
            .Then(new TuteeGuidePublished("MED", "2026-27", 1, V1, "st-1", Now));

    [Fact]
    public void Publishing_with_nothing_drafted_is_refused() =>
        Spec<TuteeGuide>.Given()
            .When(s => PublishTuteeGuide.Decide(s, "MED", "2026-27", "st-1", Now))
            .ThenRefused("nothing-to-publish");

    [Fact]
    public void Publishing_twice_without_a_new_draft_is_refused() =>
        Spec<TuteeGuide>.Given(new TuteeGuideDrafted("MED", "2026-27", V1, "st-1", Now), new TuteeGuidePublished("MED", "2026-27", 1, V1, "st-1", Now))
            .When(s => PublishTuteeGuide.Decide(s, "MED", "2026-27", "st-1", Now))
            .ThenRefused("nothing-to-publish");

    [Fact]
    public void An_edit_after_publication_is_a_new_draft_that_publishes_as_the_next_version()
    {
        var published = new object[] { new TuteeGuideDrafted("MED", "2026-27", V1, "st-1", Now), new TuteeGuidePublished("MED", "2026-27", 1, V1, "st-1", Now) };
        var v2 = Content("Second");
        Spec<TuteeGuide>.Given(published)
            .When(s => DraftTuteeGuide.Decide(s, "MED", "2026-27", v2, "st-1", Now))
            .Then(new TuteeGuideDrafted("MED", "2026-27", v2, "st-1", Now));
        Spec<TuteeGuide>.Given([.. published, new TuteeGuideDrafted("MED", "2026-27", v2, "st-1", Now)])
            .When(s => PublishTuteeGuide.Decide(s, "MED", "2026-27", "st-1", Now))
            .Then(new TuteeGuidePublished("MED", "2026-27", 2, v2, "st-1", Now));
    }

    [Fact]
    public void Drafting_exactly_the_published_guide_decides_nothing() =>
        Spec<TuteeGuide>.Given(new TuteeGuideDrafted("MED", "2026-27", V1, "st-1", Now), new TuteeGuidePublished("MED", "2026-27", 1, V1, "st-1", Now))
            .When(s => DraftTuteeGuide.Decide(s, "MED", "2026-27", Content("First"), "st-1", Now))
            .ThenNothing();
}
