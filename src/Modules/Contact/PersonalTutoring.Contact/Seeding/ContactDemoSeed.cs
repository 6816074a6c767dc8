using JasperFx.Events;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ContactLogs.Recording;
using PersonalTutoring.Contact.ContactLogs.Referrals;
using PersonalTutoring.Contact.Shared;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Seeding;

/// <summary>
/// A realistic current term of contact for the demo students of MED and ENG (the Allocation seed creates them): most
/// tutees contacted monthly with a check-in and notes (some confidential), some with gaps, some who never answer (and
/// are flagged), some awaiting replies, and a few referrals, concerns and objectives. Written through the deciders;
/// deterministic per student; idempotent: a student whose contact stream exists is left alone.
/// </summary>
internal static class ContactDemoSeed
{
    private static readonly EventMetadata Seed = new("seed-demo", null, "seed-demo");
    private static readonly string[] NoteTexts =
    [
        "Settling in well; enjoying anatomy, finding the workload heavy.", "Discussed exam preparation and a revision timetable.",
        "Part-time job hours are affecting attendance; agreed to review in a month.", "Interested in an intercalated degree; signposted to the careers fair.",
        "Feedback on the first essay discussed; will book an academic skills session.", "Reported feeling isolated; talked through societies and peer mentoring.",
    ];
    private static readonly string[] ConfidentialTexts = ["Disclosed a family bereavement; extenuating circumstances discussed.", "Disclosed a health condition; agreed to keep confidential."];

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var allocation = services.GetRequiredService<IAllocationQueries>();
        var calendars = services.GetRequiredService<IAcademicCalendar>();
        var policies = services.GetRequiredService<ITutoringPolicies>();
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();

        foreach (var school in new[] { "MED", "ENG" })
        {
            var calendar = await calendars.ForDateAsync(school, DateOnly.FromDateTime(now.UtcDateTime), ct);
            var today = StudentContext.LocalDate(calendar, now);
            var term = calendar?.TermContaining(today) ?? calendar?.Terms.Where(t => t.Start <= today).MaxBy(t => t.Start);
            if (calendar is null || term is null) continue;
            var first = calendar.Terms.MinBy(t => t.Start) == term;
            var from = StudentContext.StartOf(calendar, first ? Min(calendar.WelcomeStart, term.Start) : term.Start);
            var until = Min(now.AddHours(-2), StudentContext.StartOf(calendar, term.End.AddDays(1)));
            var window = StudentContext.Window(calendar, term);

            var students = (await allocation.StudentsInSchoolAsync(school, ct)).Where(s => !s.Status.HasLeft()).OrderBy(s => s.StudentId, StringComparer.Ordinal).ToList();
            foreach (var batch in students.Chunk(200))
            {
                // One unit of work per batch, from a scope of its own as a request would have (the CLI has no request).
                await using var scope = services.CreateAsyncScope();
                var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
                Seed.StampOn(session);
                foreach (var student in batch)
                {
                    if (await session.Events.FetchStreamStateAsync(ContactLog.StreamId(student.StudentId), ct) is not null) continue;
                    var tutor = (await allocation.AssignmentsAsync(student.StudentId, ct)).LastOrDefault(a => a.CoversDate(today))?.TutorId;
                    if (tutor is null) continue;
                    var policy = await policies.InForceAsync(school, today, student.Level, ct);
                    var plan = new Plan(student, tutor, new Random(StableSeed(student.StudentId)), from, until, window, policy, calendars, ct);
                    var events = await plan.EventsAsync();
                    if (events.Count > 0) session.Events.StartStream<ContactLog>(ContactLog.StreamId(student.StudentId), [.. events]);
                }
                await session.SaveChangesAsync(ct);
            }
        }
    }

    private sealed class Plan(StudentProfile student, string tutor, Random random, DateTimeOffset from, DateTimeOffset until, TermWindow term,
        TutoringPolicy policy, IAcademicCalendar calendars, CancellationToken ct)
    {
        private readonly List<object> events = [];
        private ContactLog state = ContactLog.Initial;

        public async Task<List<object>> EventsAsync()
        {
            var kind = random.NextDouble();
            var monthStarts = Months().ToList();
            if (kind < 0.70) // engaged: monthly contact, a check-in in the second month, notes, the odd message answered
                for (var i = 0; i < monthStarts.Count; i++)
                {
                    await Record(Day(monthStarts[i]), ContactDirection.TutorInitiated, Pick(ContactKind.GroupMeeting, ContactKind.Email, ContactKind.TeachingEvent, ContactKind.IndividualMeeting), i == 1, true);
                    if (random.NextDouble() < 0.3) await Record(Day(monthStarts[i]), ContactDirection.TuteeInitiated, ContactKind.Message, false, true);
                }
            else if (kind < 0.85) // gaps: every other month, no check-in
                for (var i = 0; i < monthStarts.Count; i += 2) await Record(Day(monthStarts[i]), ContactDirection.TutorInitiated, ContactKind.Email, false, true);
            else if (kind < 0.92) // never answers: unanswered attempts reach the policy threshold and flag the tutee (CO-5)
                foreach (var month in monthStarts) await Record(Day(month), ContactDirection.TutorInitiated, ContactKind.Email, false, false);
            else if (kind < 0.97) // a message waiting for a reply, overdue for some (CO-11)
                await Record(until.AddDays(-random.Next(1, 8)), ContactDirection.TuteeInitiated, ContactKind.Email, false, null);
            // the rest: no contact yet this term, the gap compliance reports show

            if (random.NextDouble() < 0.03 && events.Count > 0) Decide(s => MakeReferral.Decide(s, Access(), Guid.NewGuid(), Guid.NewGuid(),
                new(Pick(ReferralService.Wellbeing, ReferralService.Counselling, ReferralService.SupportTeam, ReferralService.AcademicSkills),
                    "Signposted after our meeting; will check in after the first appointment.", true, null, ConsentScope.StandardNotes, null,
                    DateOnly.FromDateTime(until.AddDays(14).UtcDateTime)), until));
            if (random.NextDouble() < 0.01) Decide(s => ContactLogs.Concerns.RaiseConcern.Decide(s, Access(), Guid.NewGuid(),
                new(ConcernKind.NeedsMoreTime, "Weekly requests for support beyond what tutoring can give; discussed with the tutee.", null), until));
            if (random.NextDouble() < 0.02) Decide(s => ContactLogs.Objectives.Objectives.Set(s, student.StudentId, Guid.NewGuid(),
                new("Attend all anatomy practicals and submit the portfolio on time.", DateOnly.FromDateTime(until.AddDays(30).UtcDateTime)), tutor, until));
            return events;
        }

        private BuildingBlocks.Auth.StudentAccess Access() =>
            new(new(tutor, new HashSet<string> { BuildingBlocks.Auth.Roles.Tutor }, new HashSet<string>()),
                new(student.StudentId, student.SchoolCode, [tutor], []), BuildingBlocks.Auth.StudentRelation.CurrentTutor);

        private async Task Record(DateTimeOffset at, ContactDirection direction, ContactKind kind, bool checkIn, bool? responded)
        {
            if (at >= until || at < from) return;
            var note = kind == ContactKind.IndividualMeeting || (checkIn && random.NextDouble() < 0.5)
                ? random.NextDouble() < 0.15 ? new RecordContact.NoteRequest(ConfidentialTexts[random.Next(ConfidentialTexts.Length)], Confidentiality.Confidential)
                    : new RecordContact.NoteRequest(NoteTexts[random.Next(NoteTexts.Length)], Confidentiality.Standard)
                : null;
            var due = direction == ContactDirection.TuteeInitiated ? await calendars.AddWorkingDaysAsync(student.SchoolCode, at, policy.ResponseWorkingDays, ct) : (DateTimeOffset?)null;
            var request = new RecordContact.Request(checkIn ? ContactKind.Email : kind, direction, at, checkIn, responded, note, null);
            Decide(s => RecordContact.Decide(s, student.StudentId, request, new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()),
                new(tutor, tutor, student.SchoolCode, [tutor]), new(due, term, policy.UnansweredAttemptsBeforeEscalation), at.AddHours(1)));
            if (direction == ContactDirection.TuteeInitiated && responded == true) // answered within a day or two
                await Record(at.AddDays(random.Next(1, 3)), ContactDirection.TutorInitiated, ContactKind.Email, false, true);
        }

        private void Decide(Func<ContactLog, object[]> decide)
        {
            foreach (var e in decide(state))
            {
                events.Add(e);
                state = state.Evolve(AsEvent(e));
            }
        }

        private IEnumerable<DateTimeOffset> Months()
        {
            for (var m = new DateTimeOffset(from.Year, from.Month, 1, 0, 0, 0, TimeSpan.Zero); m < until; m = m.AddMonths(1)) yield return m;
        }

        private DateTimeOffset Day(DateTimeOffset month) => Max(month, from).AddDays(random.Next(0, 20)).AddHours(9 + random.Next(0, 8));

        private T Pick<T>(params T[] items) => items[random.Next(items.Length)];
    }

    /// <summary>The decided event as Marten would hand it to <c>Evolve</c> (which reads only its data).</summary>
    private static IEvent AsEvent(object data) => (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;

    private static int StableSeed(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
