using Marten;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.TuteeGuides.ReadModels;

/// <summary>The meeting schedule part of the latest published tutee guide, for other modules. A singleton over short query sessions.</summary>
internal sealed class MeetingSchedules(IDocumentStore store) : IMeetingSchedules
{
    public async Task<SchoolMeetingSchedule?> PublishedAsync(string schoolCode, string academicYear, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var view = await session.LoadAsync<TuteeGuideView>(TuteeGuide.StreamId(schoolCode, academicYear), ct);
        if (view is not { Versions: [.., var latest] }) return null;
        return new SchoolMeetingSchedule(view.SchoolCode, view.AcademicYear, latest.Version,
            [.. latest.Content.MeetingSchedule.Select(w => new ScheduledMeetingWindow(w.Name, w.From, w.To, w.Kind == MeetingKind.Group))], latest.Content.OfficeHoursPolicy);
    }
}
