using Marten;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.Governance.Calendars;
using PersonalTutoring.Governance.Calendars.Defining;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Schools;
using PersonalTutoring.Governance.Schools.RegisteringSchool;
using PersonalTutoring.Governance.Surveys;
using PersonalTutoring.Governance.TutorDevelopment;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Slots;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>The loader's schools, calendars, tutors, and each year's meetings, clinics, development records and surveys.</summary>
internal static partial class KpiLoader
{
    private const string By = "bench-kpi-loader";

    /// <summary>The university's calendar of a year: autumn from the last week of September, spring from January, summer from late April.</summary>
    internal static CalendarContent Calendar(int y)
    {
        var autumn = new DateOnly(y, 9, 22);
        var spring = new DateOnly(y + 1, 1, 11);
        var summer = new DateOnly(y + 1, 4, 19);
        return new CalendarContent("Europe/London",
            [new("Autumn", autumn, autumn.AddDays(75)), new("Spring", spring, spring.AddDays(67)), new("Summer", summer, summer.AddDays(53))],
            [new(1, autumn, spring.AddDays(11)), new(2, spring.AddDays(14), summer.AddDays(53))],
            new DateRange(autumn, autumn.AddDays(13)), [new DateOnly(y, 12, 25), new DateOnly(y, 12, 26), new DateOnly(y + 1, 1, 1)]);
    }

    private static async Task<long> StaffAsync(IDocumentStore store, KpiUniversity u, int first, int current, DateTimeOffset now, CancellationToken ct)
    {
        long events = 0;
        var opened = At(new DateOnly(first, 8, 1), 9, 0);
        await using var session = store.LightweightSession();
        for (var y = first; y <= current; y++)
        {
            session.Events.StartStream(AcademicCalendar.StreamId(null, new AcademicYear(y).ToString()),
                DefineCalendar.Decide(AcademicCalendar.Initial, null, new AcademicYear(y).ToString(), Calendar(y), By, opened));
            events++;
        }
        for (var s = 0; s < u.Schools; s++)
        {
            var school = KpiUniversity.School(s);
            var registered = RegisterSchool.Decide(School.Initial, school, new($"Bench school {s}", "Bench college"), opened);
            session.Events.StartStream(School.StreamId(school), registered);
            events += registered.Length;
            for (var t = 0; t < u.TutorsPerSchool; t++)
            {
                var tutor = KpiUniversity.Tutor(s, t);
                session.Events.StartStream(Tutor.StreamId(tutor),
                    new TutorRegistered(tutor, new TutorDetails("Tutor", $"K{s}-{t}", $"{tutor}@staff.bench", school, true, 30, 40), opened));
                session.Events.StartStream(TutorDevelopmentRecord.StreamId(school, tutor),
                    new TutorDevelopmentRecordOpened(school, tutor, new DateOnly(first - 1 - t % 6, 9, 1), By, opened));
                events += 2;
            }
        }
        await session.SaveChangesAsync(ct);
        return events;
    }

    /// <summary>A year's meetings and clinics per tutor, quizzes, training, concerns, and each school's survey figures.</summary>
    private static async Task<long> TeachingYearAsync(IDocumentStore store, KpiUniversity u, int y, IReadOnlyList<StudentState> students, DateTimeOffset now,
        CancellationToken ct)
    {
        long events = 0;
        var tutees = students.Where(s => !s.Left && s.Tutor is not null).ToLookup(s => s.Tutor!, s => s.Id);
        var terms = Calendar(y).Terms;
        for (var s = 0; s < u.Schools; s++)
        {
            var school = KpiUniversity.School(s);
            await using var session = store.LightweightSession();
            for (var t = 0; t < u.TutorsPerSchool; t++)
            {
                var tutor = KpiUniversity.Tutor(s, t);
                var theirs = tutees[tutor].ToList();
                var random = new Random(HashCode.Combine(s, t, y));
                foreach (var term in terms)
                {
                    // A group meeting of all the tutor's tutees in the term's second week, held, attendance taken.
                    var starts = At(term.Start.AddDays(8 + t % 4), 11, 0);
                    var meeting = Guid.CreateVersion7(starts);
                    var arranged = starts.AddDays(-7);
                    if (theirs.Count > 0 && starts.AddHours(2) <= now)
                    {
                        session.Events.StartStream(ArrangedMeeting.StreamId(meeting),
                            new MeetingArranged(meeting, tutor, school, MeetingPurpose.Regular, MeetingFormat.InPerson, starts, starts.AddHours(1), "Room 1", null, theirs, tutor, arranged),
                            new MeetingHeld(meeting, tutor, school, [.. theirs.Select((id, k) => new AttendanceEntry(id, k % 4 == 0 ? Attendance.NoShow : Attendance.Attended, null))],
                                tutor, starts.AddHours(2)));
                        events += 2;
                    }
                    // A weekly one-to-one clinic hour through the term, half of them booked.
                    for (var week = term.Start; week < term.End; week = week.AddDays(7))
                    {
                        var slotStarts = At(week.AddDays(1 + t % 4), 14, 0);
                        var published = At(term.Start.AddDays(-10), 9, t);
                        if (published > now) break;
                        var slot = Guid.CreateVersion7(slotStarts);
                        var slotEvents = new List<object>
                        {
                            new SlotPublished(slot, tutor, school, slotStarts, slotStarts.AddMinutes(30), 1, "Room 2", null, Guid.Empty, false, tutor, published),
                        };
                        if (theirs.Count > 0 && random.Next(2) == 0 && slotStarts.AddDays(-2) <= now)
                        {
                            var student = theirs[random.Next(theirs.Count)];
                            slotEvents.Add(new SlotBooked(slot, Guid.CreateVersion7(slotStarts), student, tutor, null, null, student, slotStarts.AddDays(-2)));
                        }
                        session.Events.StartStream(ClinicSlot.StreamId(slot), slotEvents.ToArray());
                        events += slotEvents.Count;
                    }
                }
                // Development: a quiz each year (80 %), a course every third year, a concern for 1 in 60 tutors.
                var development = new List<object>();
                var quizOn = new DateOnly(y, 10, 15).AddDays(t % 20);
                if (random.Next(5) > 0 && At(quizOn, 12, 0) <= now)
                    development.Add(new TutorQuizAttempted(school, tutor, 50 + random.Next(51), quizOn, By, At(quizOn, 12, 0)));
                var trainedOn = new DateOnly(y, 11, 5).AddDays(t % 15);
                if ((t + y) % 3 == 0 && At(trainedOn, 16, 0) <= now)
                    development.Add(new TutorTrainingCompleted(school, tutor, "Personal tutoring essentials", trainedOn, By, At(trainedOn, 16, 0)));
                var raised = new DateOnly(y + 1, 2, 1);
                if ((t * 7 + y) % 60 == 0 && At(raised, 12, 0) <= now)
                    development.Add(new TutorConcernRaised(school, tutor, Guid.CreateVersion7(At(raised, 12, 0)), "Tutees not contacted", raised, By, At(raised, 12, 0)));
                if (development.Count > 0) session.Events.Append(TutorDevelopmentRecord.StreamId(school, tutor), development.ToArray());
                events += development.Count;
            }
            var surveyed = At(new DateOnly(y + 1, 5, 20), 9, s);
            if (surveyed <= now)
            {
                var year = new AcademicYear(y).ToString();
                var respondents = 300 + s * 7;
                session.Events.StartStream(SchoolEvaluation.StreamId(school, year),
                    new SurveyResultsRecorded(school, year, SurveyQuestions.ContactWithTutor, respondents, respondents * (70 + s % 20) / 100, By, surveyed),
                    new SurveyResultsRecorded(school, year, SurveyQuestions.PositiveExperience, respondents, respondents * (65 + s % 25) / 100, By, surveyed));
                events += 2;
            }
            await session.SaveChangesAsync(ct);
        }
        return events;
    }
}
