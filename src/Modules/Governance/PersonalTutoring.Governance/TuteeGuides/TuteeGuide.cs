using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.TuteeGuides;

/// <summary>
/// The write model of a school's tutee guide for an academic year: the pending draft, if any, and the published
/// version. Published versions are never changed; an edit is a new draft, and publishing it makes the next version.
/// </summary>
internal sealed record TuteeGuide(GuideContent? Draft, GuideContent? Published, int PublishedVersion) : IWriteModel<TuteeGuide>
{
    public string Id { get; init; } = "";

    public static TuteeGuide Initial => new(null, null, 0);

    public static string StreamId(string schoolCode, string academicYear) => $"tutee-guide-{schoolCode}-{academicYear}";

    public TuteeGuide Evolve(IEvent @event) => @event.Data switch
    {
        TuteeGuideDrafted e => this with { Draft = e.Content },
        TuteeGuidePublished e => this with { Draft = null, Published = e.Content, PublishedVersion = e.Version },
        _ => this,
    };
}
