using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.TuteeGuides;

internal enum MeetingKind { Individual, Group }

/// <summary>A published meeting window (ME-2): when tutees are invited to meet, one-to-one or in a group.</summary>
internal sealed record MeetingWindow(string Name, DateOnly From, DateOnly To, MeetingKind Kind);

/// <summary>"What tutees can expect" (GO-4, LCP 19 and "Information about Personal Tutoring"), with ME-9 and ME-2.</summary>
internal sealed record GuideContent(
    string Description,
    string HowToContactTutor,
    string HowToRequestChangeOrEscalate,
    string OfficeHoursPolicy,
    IReadOnlyList<MeetingWindow> MeetingSchedule)
{
    /// <summary>Value equality including the schedule (records compare lists by reference).</summary>
    public bool SameAs(GuideContent? other) =>
        other is not null && Description == other.Description && HowToContactTutor == other.HowToContactTutor
        && HowToRequestChangeOrEscalate == other.HowToRequestChangeOrEscalate && OfficeHoursPolicy == other.OfficeHoursPolicy
        && MeetingSchedule.SequenceEqual(other.MeetingSchedule);
}

internal sealed record TuteeGuideDrafted(string SchoolCode, string AcademicYear, GuideContent Content, string DraftedBy, DateTimeOffset DraftedAt);

/// <summary>Version <see cref="Version"/> is published with the content it fixes; it supersedes the previous version.</summary>
internal sealed record TuteeGuidePublished(string SchoolCode, string AcademicYear, int Version, GuideContent Content, string PublishedBy, DateTimeOffset PublishedAt);

internal static class TuteeGuideEvents
{
    public static readonly IReadOnlyCollection<Type> All = [typeof(TuteeGuideDrafted), typeof(TuteeGuidePublished)];

    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<TuteeGuideDrafted>("governance.tutee_guide_drafted");
        options.Events.MapEventType<TuteeGuidePublished>("governance.tutee_guide_published");
        options.AddWriteModel<TuteeGuide>();
    }
}
