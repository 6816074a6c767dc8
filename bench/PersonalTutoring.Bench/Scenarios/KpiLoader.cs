using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Contracts;
using System.Diagnostics;
using Marten;
using PersonalTutoring.Allocation.ChangeRequests;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>The university the KPI scenario loads: its size is a setting (the is 40,000 / 1,500 / 25 / 3 years).</summary>
internal sealed record KpiUniversity(int Students, int Tutors, int Schools, int Years)
{
    public int TutorsPerSchool => Math.Max(1, Tutors / Schools);

    public static string School(int s) => $"KS{s:D2}";

    public static string Tutor(int school, int t) => $"ks{school:D2}-t{t:D3}";

    public static string Student(int n) => $"ks-s{n:D6}";
}

/// <summary>What the loader wrote and how long it took.</summary>
internal sealed record KpiLoad(long Events, int StudentsEver, TimeSpan Appending, TimeSpan CatchingUp, DateTimeOffset LoadedAt);

/// <summary>
/// Loads a university's history with the product's own event types through Marten sessions in large batches
/// (StartStream / Append, the inline projections run as in production), then lets the host's daemon catch up the
/// async projections (Allocation's student facts, Governance's development records). Deterministic (fixed seeds).
/// Every year: registrations of the intake (three-year programmes), year-of-study changes, graduations and
/// withdrawals with their allocation ends, the first allocation (8 % late), change requests (3 %) with their
/// reallocation, per tutee 12 tutor contacts and 2 tutee emails answered (4 events each: contact, reply awaited,
/// reply contact, reply given), 5 % support flags, 2 % referrals made and closed; per tutor a group meeting per term
/// (arranged and held), a weekly clinic slot in term (half booked), a quiz and a training course every third year;
/// per school the survey figures. Nothing is dated after now: the current year stops today.
/// </summary>
internal static partial class KpiLoader
{
    private const int StudentsPerSession = 400;

    public static async Task<KpiLoad> LoadAsync(IDocumentStore store, Func<CancellationToken, Task> catchUp, KpiUniversity u, DateTimeOffset now,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var current = AcademicYear.Containing(DateOnly.FromDateTime(now.UtcDateTime)).StartYear;
        var first = current - u.Years + 1;
        long events = 0;
        events += await StaffAsync(store, u, first, current, now, ct);
        // Students alive: id → (school, level, year of study, left). The first year starts with all three years of study.
        var students = new List<StudentState>();
        var next = 0;
        for (var y = first; y <= current; y++)
        {
            var intake = y == first ? u.Students : u.Students / 3;
            for (var i = 0; i < intake; i++, next++)
                students.Add(new StudentState(next, next % u.Schools, Level(next), y == first ? 1 + next % 3 : 1));
            for (var from = 0; from < students.Count; from += StudentsPerSession)
            {
                await using var session = store.LightweightSession();
                foreach (var student in students.Skip(from).Take(StudentsPerSession))
                    events += StudentYear(session, student, u, y, y == first, now);
                await session.SaveChangesAsync(ct);
            }
            events += await TeachingYearAsync(store, u, y, students, now, ct);
            students.RemoveAll(s => s.Left);
            Console.WriteLine($"    {new AcademicYear(y)}: {events:N0} events so far, {students.Count:N0} students studying, {clock.Elapsed.TotalSeconds:0} s");
        }
        var appending = clock.Elapsed;
        await catchUp(ct);
        return new KpiLoad(events, next, appending, clock.Elapsed - appending, now);
    }

    private static CohortLevel Level(int n) => (n % 20) switch
    {
        < 14 => CohortLevel.UG,
        < 17 => CohortLevel.PGT,
        < 19 => CohortLevel.Foundation,
        _ => CohortLevel.Distance,
    };

    private sealed class StudentState(int n, int school, CohortLevel level, int yearOfStudy)
    {
        public int N { get; } = n;
        public int School { get; } = school;
        public CohortLevel Level { get; } = level;
        public int YearOfStudy { get; set; } = yearOfStudy;
        public string? Tutor { get; set; }
        public bool Left { get; set; }
        public string Id => KpiUniversity.Student(N);
    }

    /// <summary>One student's events of one academic year, appended to the session; returns how many.</summary>
    private static int StudentYear(IDocumentSession session, StudentState s, KpiUniversity u, int y, bool firstYear, DateTimeOffset now)
    {
        var random = new Random(HashCode.Combine(s.N, y));
        var school = KpiUniversity.School(s.School);
        var id = s.Id;
        var welcome = new DateOnly(y, 9, 22).AddDays(s.N % 5);
        var student = new List<object>();
        var contact = new List<object>();
        var count = 0;
        StudentRecord Record(StudentStatus status, DateOnly registered) => StudentRecord.Of(id, "Student", $"K{s.N}", $"{id}@students.bench", school, $"P{s.School:D2}{(int)s.Level}",
            s.Level, s.YearOfStudy, registered, status, studentRouteVisa: s.N % 9 == 0, visitingStudyAbroad: s.N % 97 == 0);
        var registeredOn = new DateOnly(y - (s.YearOfStudy - 1), 9, 22).AddDays(s.N % 5);

        if (s.Tutor is null)
        {
            // Registered this year (or, the first year, recorded when the system went live on 1 September).
            var recorded = firstYear && s.YearOfStudy > 1 ? At(new DateOnly(y, 9, 1), 8, s.N % 600) : At(welcome, 8, s.N % 600);
            if (recorded > now) return 0;
            student.Add(new StudentRegistered(id, Record(StudentStatus.Studying, registeredOn), recorded));
            var late = random.Next(100) < 8;
            var allocatedOn = (s.YearOfStudy > 1 ? recorded : At(welcome.AddDays(late ? 9 + random.Next(12) : random.Next(5)), 10, s.N % 300));
            s.Tutor = KpiUniversity.Tutor(s.School, s.N / u.Schools % u.TutorsPerSchool);
            if (allocatedOn <= now)
                student.Add(new TutorAllocated(id, school, s.Tutor, null, DateOnly.FromDateTime(allocatedOn.UtcDateTime), s.YearOfStudy, AllocationKind.AutoAllocation,
                    "Automatic allocation", null, allocatedOn));
        }
        else
        {
            s.YearOfStudy++;
            var moved = At(new DateOnly(y, 9, 15), 7, s.N % 600);
            if (moved <= now) student.Add(new StudentRecordChanged(id, Record(StudentStatus.Studying, registeredOn), moved));
        }

        // A change of tutor asked for in November, approved, effective a week later (AL-6).
        if (random.Next(100) < 3 && At(new DateOnly(y, 11, 20), 12, 0) <= now)
        {
            var requestId = $"ks-{s.N}-{y}";
            var newTutor = KpiUniversity.Tutor(s.School, (s.N / u.Schools + 1) % u.TutorsPerSchool);
            var asked = At(new DateOnly(y, 11, 10), 9, s.N % 500);
            session.Events.StartStream(ChangeRequest.StreamId(requestId),
                new TutorChangeRequested(requestId, id, school, s.Tutor, PersonalText.Of(id, SubjectRecordKinds.ChangeRequest, "We do not get on"), id, asked),
                new TutorChangeDecided(requestId, id, ChangeOutcome.Approved, newTutor, "Approved", "bench-senior-tutor", asked.AddDays(3)));
            student.Add(new TutorAllocated(id, school, newTutor, s.Tutor, new DateOnly(y, 11, 20), s.YearOfStudy, AllocationKind.ChangeRequest, "Change request", null,
                asked.AddDays(3)));
            s.Tutor = newTutor;
            count += 2;
        }

        Contacts(contact, s, school, y, random, now);

        // Leaving: 2 % withdraw in February; the final year graduates on 1 July.
        var leaves = random.Next(100) < 2 ? new DateOnly(y + 1, 2, 15) : s.YearOfStudy >= 3 ? new DateOnly(y + 1, 7, 1) : (DateOnly?)null;
        if (leaves is { } on && At(on, 9, 0) <= now)
        {
            var status = on.Month == 2 ? StudentStatus.Withdrawn : StudentStatus.Graduated;
            student.Add(new StudentRecordChanged(id, Record(status, registeredOn), At(on, 9, s.N % 300)));
            student.Add(new AllocationEnded(id, school, s.Tutor!, on, status.ToString(), At(on, 9, s.N % 300 + 1)));
            s.Left = true;
        }
        Append(session, Student.StreamId(id), student);
        Append(session, ContactLog.StreamId(id), contact);
        return count + student.Count + contact.Count;
    }

    /// <summary>12 tutor-initiated contacts in term months, 2 tutee emails answered (90 % within 3 working days), flags, referrals.</summary>
    private static void Contacts(List<object> events, StudentState s, string school, int y, Random random, DateTimeOffset now)
    {
        var id = s.Id;
        int[] months = [10, 10, 11, 11, 12, 1, 2, 2, 3, 3, 5, 6];
        for (var k = 0; k < months.Length; k++)
        {
            var on = new DateOnly(months[k] >= 8 ? y : y + 1, months[k], 3 + k % 2 * 12 + s.N % 10);
            var at = At(on, 10 + k % 6, s.N % 60);
            if (at.AddHours(2) > now) break;
            events.Add(new ContactRecorded(id, Guid.CreateVersion7(at), school, s.Tutor!, s.Tutor!, k % 3 == 0 ? ContactKind.IndividualMeeting : ContactKind.Email,
                ContactDirection.TutorInitiated, at, EnquiredAboutProgressAndWellbeing: true, TuteeResponded: random.Next(10) > 0, null, at.AddHours(2)));
        }
        foreach (var month in new[] { 11, 2 })
        {
            var received = At(new DateOnly(month >= 8 ? y : y + 1, month, 20 + s.N % 5), 14, s.N % 60);
            var replied = received.AddDays(random.Next(10) == 0 ? 7 : 1);
            if (replied > now) continue;
            var (asked, answer) = (Guid.CreateVersion7(received), Guid.CreateVersion7(replied));
            events.Add(new ContactRecorded(id, asked, school, s.Tutor!, id, ContactKind.Email, ContactDirection.TuteeInitiated, received, false, null, null, received));
            events.Add(new ReplyAwaited(id, asked, school, s.Tutor!, received, received.AddDays(5)));
            events.Add(new ContactRecorded(id, answer, school, s.Tutor!, s.Tutor!, ContactKind.Email, ContactDirection.TutorInitiated, replied, false, true, null, replied));
            events.Add(new ReplyGiven(id, asked, answer, replied, replied <= received.AddDays(5)));
        }
        var flagged = At(new DateOnly(y, 12, 1), 9, s.N % 60);
        if (random.Next(100) < 5 && flagged <= now)
            events.Add(new SupportFlagRaised(id, Guid.CreateVersion7(flagged), school, $"{new AcademicYear(y)}/Autumn", 3, flagged));
        var referred = At(new DateOnly(y + 1, 1, 20), 11, s.N % 60);
        if (random.Next(100) < 2 && referred.AddDays(14) <= now)
        {
            var referral = Guid.CreateVersion7(referred);
            events.Add(new ReferralMade(id, referral, school, ReferralService.Wellbeing, PersonalText.Of(id, SubjectRecordKinds.Referral, "Wellbeing"), s.Tutor!, null, null, null, null, referred));
            events.Add(new ReferralClosed(id, referral, "bench-support", PersonalText.Of(id, SubjectRecordKinds.Referral, "Seen"), referred.AddDays(14)));
        }
    }

    private static void Append(IDocumentSession session, string stream, List<object> events)
    {
        if (events.Count == 0) return;
        if (events[0] is StudentRegistered) session.Events.StartStream(stream, events.ToArray());
        else session.Events.Append(stream, events.ToArray());
    }

    internal static DateTimeOffset At(DateOnly day, int hour, int minutes) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero).AddMinutes(minutes);
}
