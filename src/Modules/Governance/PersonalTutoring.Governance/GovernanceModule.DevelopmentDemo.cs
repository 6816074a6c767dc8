using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Surveys;
using PersonalTutoring.Governance.TuteeGuides;
using PersonalTutoring.Governance.TutorDevelopment;

namespace PersonalTutoring.Governance;

public static partial class GovernanceModule
{
    /// <summary>
    /// Seeds demo tutor development records, 2025-26 survey figures and feedback, and a published 2026-27 tutee
    /// guide for the schools MED and ENG (which must already be registered). Idempotent: a stream that exists is
    /// left alone, so running it again writes nothing.
    /// </summary>
    public static async Task SeedGovernanceDevelopmentDemoAsync(this IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await DevelopmentDemo.SeedAsync(scope.ServiceProvider.GetRequiredService<IDocumentSession>(), services.GetRequiredService<TimeProvider>(), ct);
    }
}

internal static class DevelopmentDemo
{
    private const string By = "demo-seed";
    private static readonly string[] Schools = ["MED", "ENG"];

    public static async Task SeedAsync(IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = GovernanceAccess.Today(clock);
        var streams = Schools.SelectMany(school => Tutors(school, today, now)
                .Append((SchoolEvaluation.StreamId(school, "2025-26"), Evaluation(school, now)))
                .Append((TuteeGuide.StreamId(school, "2026-27"), Guide(school, now))))
            .ToList();
        new EventMetadata(null, null, By).StampOn(session);
        foreach (var (streamId, events) in streams)
            if (await session.Events.FetchStreamStateAsync(streamId, ct) is null)
                session.AppendAt(streamId, 0, events);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Ten tutors per school: recently trained, overdue, never trained, new to the role; one open concern.</summary>
    private static IEnumerable<(string, object[])> Tutors(string school, DateOnly today, DateTimeOffset now)
    {
        for (var n = 1; n <= 10; n++)
        {
            var staffId = $"{school}-T{n:D3}";
            var started = today.AddMonths(-(n == 10 ? 3 : 12 + n * 7));
            var events = new List<object> { new TutorDevelopmentRecordOpened(school, staffId, started, By, now) };
            if (n <= 6) // trained: the first four recently, two more than three years ago (overdue)
                events.Add(new TutorTrainingCompleted(school, staffId, "Personal Tutoring Essentials", n <= 4 ? today.AddMonths(-2 * n) : today.AddMonths(-40 - n), By, now));
            if (n <= 7 && n != 5) // quiz scores; tutor 5 never took it
                events.Add(new TutorQuizAttempted(school, staffId, 58 + n * 5 % 40, n == 7 ? today.AddMonths(-44) : today.AddMonths(-n), By, now));
            if (n == 8)
            {
                var concern = DemoGuid(school, 8);
                events.Add(new TutorConcernRaised(school, staffId, concern, "Several tutees report no contact this term (CO-2).", today.AddDays(-30), By, now));
                events.Add(new TutorConcernActionTaken(school, staffId, concern, "Meeting with the Senior Tutor; contact plan agreed.", today.AddDays(-21), By, now));
            }
            yield return (TutorDevelopmentRecord.StreamId(school, staffId), events.ToArray());
        }
    }

    private static object[] Evaluation(string school, DateTimeOffset now)
    {
        var (tuteeTheme, tutorTheme) = (DemoGuid(school, 100), DemoGuid(school, 101));
        return
        [
            new SurveyResultsRecorded(school, "2025-26", SurveyQuestions.ContactWithTutor, school == "MED" ? 412 : 365, school == "MED" ? 338 : 281, By, now),
            new SurveyResultsRecorded(school, "2025-26", SurveyQuestions.PositiveExperience, school == "MED" ? 409 : 360, school == "MED" ? 311 : 259, By, now),
            new FeedbackThemeRecorded(school, "2025-26", tuteeTheme, FeedbackSource.Tutees, "Tutees did not know how to request a change of tutor.", By, now),
            new FeedbackActionRecorded(school, "2025-26", tuteeTheme, DemoGuid(school, 200), "Explain the change process in Welcome Week sessions.", FeedbackActionStatus.Done, By, now),
            new FeedbackThemeRecorded(school, "2025-26", tutorTheme, FeedbackSource.Tutors, "Tutors want earlier notice of their allocated tutees.", By, now),
            new FeedbackActionRecorded(school, "2025-26", tutorTheme, DemoGuid(school, 201), "Publish allocations a week before Welcome Week.", FeedbackActionStatus.InProgress, By, now),
        ];
    }

    /// <summary>ME-1: four meetings a year, Welcome Week included.</summary>
    private static object[] Guide(string school, DateTimeOffset now)
    {
        var content = new GuideContent(
            $"Every {school} student has a Personal Tutor for the whole programme, who knows them, follows their progress and signposts support.",
            "Email your tutor via the student portal; tutors normally reply within 3 working days.",
            "Ask the Senior Tutor for a change of tutor, or to escalate any issue with personal tutoring; every request is considered positively.",
            "Tutors hold weekly office hours in term time, in person or online; outside them the school's open-door policy applies.",
            [
                new MeetingWindow("Welcome Week meeting", new DateOnly(2026, 9, 21), new DateOnly(2026, 10, 2), MeetingKind.Individual),
                new MeetingWindow("Autumn group meeting", new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 20), MeetingKind.Group),
                new MeetingWindow("Spring progress review", new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 12), MeetingKind.Individual),
                new MeetingWindow("Summer planning meeting", new DateOnly(2027, 5, 4), new DateOnly(2027, 5, 14), MeetingKind.Group),
            ]);
        return [new TuteeGuideDrafted(school, "2026-27", content, By, now), new TuteeGuidePublished(school, "2026-27", 1, content, By, now)];
    }

    /// <summary>Fixed ids, so the demo data is the same on every machine.</summary>
    private static Guid DemoGuid(string school, int n) => new($"{(school == "MED" ? 1 : 2):D8}-0000-4000-8000-{n:D12}");
}
