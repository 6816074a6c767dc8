using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Reporting;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// Issue 12's targets, end to end over HTTP on the real host: (a) a tutee lists their tutor's free clinic slots for a
/// term and books one, p95 &lt; 20 ms each, in a school of 2,000 tutees and 60 tutors with a year of slots; (b) a term's
/// meeting monitoring for a school of 5,000 tutees &lt; 1 s. Each beside a raw-PostgreSQL baseline of the same work in
/// the same database and run: the slot rows selected by tutor and time and a booking as UPDATE + INSERT in one
/// transaction; the student, meeting and slot rows the monitoring reads, selected by school.
/// </summary>
internal sealed partial class MeetingsScenario : IBenchScenario
{
    private const string Database = "pt_bench_meetings";
    private const string BookingSchool = "MED"; // Governance demo: caseload target 50, maximum 60
    private const int BookingTutors = 60;
    private const int BookingTutees = 2_000;
    private const string MonitoringSchool = "ENG"; // target 40, maximum 50
    private const int MonitoringTutors = 125;
    private const int MonitoringTutees = 5_000;
    private const int WarmUpBookings = 50;
    private const int MeasuredBookings = 500;
    private const int MonitoringRuns = 5;
    private static readonly double TargetP95Ms = 20;
    private static readonly TimeSpan MonitoringTarget = TimeSpan.FromSeconds(1);

    // The academic year 2026-27 of the demo calendars: MED's "Term 2" and the university default's "Spring".
    private static readonly DateOnly TermFrom = new(2027, 1, 4);
    private static readonly DateOnly TermTo = new(2027, 3, 19);

    public string Name => "meetings";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct)
    {
        await using var host = await BenchHost.StartAsync(context.Database.ConnectionString, Database, ct);
        await host.App.Services.SeedGovernanceDemoAsync(ct);
        using var admin = host.Client("bench-admin", [Roles.Admin]);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        if (today.AddDays(7) > TermFrom)
            throw new InvalidOperationException($"The scenario books in {TermFrom:yyyy-MM-dd}..{TermTo:yyyy-MM-dd} (the demo calendars' 2026-27); run it before that term, or move the dates.");

        Console.WriteLine($"  meetings: {BookingTutors} tutors and {BookingTutees:N0} tutees in {BookingSchool}, {MonitoringTutors} and {MonitoringTutees:N0} in {MonitoringSchool} ...");
        await SchoolAsync(admin, BookingSchool, "mt", BookingTutors, BookingTutees, "MBBS", 5, ct);
        await SchoolAsync(admin, MonitoringSchool, "mo", MonitoringTutors, MonitoringTutees, "MENG", 4, ct);
        var allocation = host.App.Services.GetRequiredService<IAllocationQueries>();

        // A year of clinics for every MED tutor: 8 one-to-one slots of 15 minutes on Tuesdays and a group hour on Thursdays, weekly.
        var firstTuesday = Next(today.AddDays(2), DayOfWeek.Tuesday);
        var slots = 0;
        for (var i = 0; i < BookingTutors; i++)
        {
            using var tutor = host.Client($"mt-t{i:D2}", [Roles.Tutor]);
            slots += (await PublishAsync(tutor, $"mt-t{i:D2}", firstTuesday, firstTuesday.AddDays(364), new TimeOnly(10, 0), 15, 8, 1, ct)).Count;
            slots += (await PublishAsync(tutor, $"mt-t{i:D2}", firstTuesday.AddDays(2), firstTuesday.AddDays(364), new TimeOnly(14, 0), 60, 1, 6, ct)).Count;
        }
        Console.WriteLine($"    {slots:N0} slots published from {firstTuesday:yyyy-MM-dd} for a year");

        var tutees = new List<(string Student, string Tutor)>();
        for (var i = 0; i < BookingTutors; i++)
            tutees.AddRange((await allocation.TuteesOfAsync($"mt-t{i:D2}", today, ct)).Select(s => (s.StudentId, $"mt-t{i:D2}")));
        var order = new Random(7);
        var shuffled = new Queue<(string Student, string Tutor)>(tutees.OrderBy(_ => order.Next()));
        if (shuffled.Count < WarmUpBookings + 2 * MeasuredBookings) throw new InvalidOperationException($"Only {shuffled.Count} tutees allocated in {BookingSchool}.");

        await using var raw = NpgsqlDataSource.Create(host.ConnectionString);
        await RawTablesAsync(raw, ct);

        using var http = new HttpClient { BaseAddress = host.Address };
        string Issue(string student) => "Bearer " + host.Token(student, [Roles.Student]);
        Console.WriteLine("    list and book: warm-up ...");
        await BookingRunAsync(http, shuffled, Issue, WarmUpBookings, ct);
        await RawRunAsync(raw, new Queue<(string, string)>(tutees.Take(WarmUpBookings)), WarmUpBookings, ct);
        Console.WriteLine($"    list and book: {MeasuredBookings} tutees through the API, then the raw baseline ...");
        var cpu = CpuSnapshot.Take();
        var load = LoadAverage();
        var api = await BookingRunAsync(http, shuffled, Issue, MeasuredBookings, ct);
        var apiCores = CpuSnapshot.Between(cpu, CpuSnapshot.Take());
        cpu = CpuSnapshot.Take();
        var baseline = await RawRunAsync(raw, new Queue<(string, string)>(tutees.Skip(WarmUpBookings).Take(MeasuredBookings)), MeasuredBookings, ct);
        var rawCores = CpuSnapshot.Between(cpu, CpuSnapshot.Take());
        Console.WriteLine($"    list p50/p95/p99 {Format.Ms(api.List.P50)}/{Format.Ms(api.List.P95)}/{Format.Ms(api.List.P99)} ms (raw {Format.Ms(baseline.List.P50)}/{Format.Ms(baseline.List.P95)}/{Format.Ms(baseline.List.P99)}), "
            + $"book {Format.Ms(api.Book.P50)}/{Format.Ms(api.Book.P95)}/{Format.Ms(api.Book.P99)} ms (raw {Format.Ms(baseline.Book.P50)}/{Format.Ms(baseline.Book.P95)}/{Format.Ms(baseline.Book.P99)}); "
            + $"{api.Booked} booked, {api.Conflicts} conflicts; cores API {apiCores} raw {rawCores}; load {load}");

        Console.WriteLine($"    monitoring: meetings and clinics for {MonitoringSchool} ...");
        var (meetings, engSlots, engBookings) = await MonitoringDataAsync(host, allocation, today, ct);
        var monitoringUrl = $"/api/schools/{MonitoringSchool}/meeting-monitoring?academicYear=2026-27&term=Spring";
        var figures = await admin.GetFromJsonAsync<JsonElement>(monitoringUrl, ct); // warm-up, and the figures to check
        var monitored = figures.GetProperty("school").GetProperty("tutees").GetInt32() + figures.GetProperty("school").GetProperty("excluded").GetInt32();
        cpu = CpuSnapshot.Take();
        var monitoring = new List<TimeSpan>();
        for (var run = 0; run < MonitoringRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await admin.GetAsync(monitoringUrl, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            clock.Stop();
            response.EnsureSuccessStatusCode();
            monitoring.Add(clock.Elapsed);
        }
        var monitoringCores = CpuSnapshot.Between(cpu, CpuSnapshot.Take());
        Console.WriteLine($"    monitoring of {monitored:N0}: {string.Join(", ", monitoring.Select(Format.Seconds))}; cores {monitoringCores}; load {LoadAverage()}");
        var rawMonitoring = new List<TimeSpan>();
        for (var run = 0; run < MonitoringRuns + 1; run++)
            rawMonitoring.Add(await RawMonitoringAsync(raw, ct));
        rawMonitoring.RemoveAt(0); // warm-up

        var (listP95, bookP95) = (api.List.P95, api.Book.P95);
        var slowest = monitoring.Max();
        Console.WriteLine($"    list p95 {Format.Ms(listP95)} ms (raw {Format.Ms(baseline.List.P95)}), book p95 {Format.Ms(bookP95)} ms (raw {Format.Ms(baseline.Book.P95)}), monitoring max {Format.Seconds(slowest)} (raw {Format.Seconds(rawMonitoring.Max())})");
        string Row(LatencySummary s) => $"{Format.Ms(s.P50)} / {Format.Ms(s.P95)} / {Format.Ms(s.P99)}";
        string Cores(CpuUsage? c) => c is null ? "n/a" : $"{Format.Cores(c.Bench)} / {Format.Cores(c.Server)} / {Format.Cores(c.Others)}";
        string Ratio(double api, double raw) => raw <= 0 ? "-" : (api / raw).ToString("0.0", CultureInfo.InvariantCulture) + "×";
        return new ScenarioResult(
            Name,
            $"Meetings: list a tutor's free slots for a term and book one ({BookingTutees:N0} tutees, {BookingTutors} tutors, {slots:N0} slots); monitoring of {MonitoringTutees:N0} tutees{host.Label}",
            ["operation", "p50 / p95 / p99 (ms) or median / max (s)", "raw baseline, same measure", "× raw (p95 / max)", "cores: bench+host / pg / others"],
            [
                [$"GET a tutor's slots for a term as a tutee ({MeasuredBookings} tutees, 1 at a time)", Row(api.List), Row(baseline.List), Ratio(api.List.P95, baseline.List.P95), Cores(apiCores)],
                ["POST a booking on a free slot (Idempotency-Key)", Row(api.Book), Row(baseline.Book), Ratio(api.Book.P95, baseline.Book.P95), $"raw: {Cores(rawCores)}"],
                [$"GET a term's meeting monitoring, {monitored:N0} students (median / max of {MonitoringRuns})", $"{Format.Seconds(Median(monitoring))} / {Format.Seconds(slowest)}",
                    $"{Format.Seconds(Median(rawMonitoring))} / {Format.Seconds(rawMonitoring.Max())}", Ratio(slowest.TotalMilliseconds, rawMonitoring.Max().TotalMilliseconds), Cores(monitoringCores)],
            ],
            [
                new TargetCheck($"list p95 < {TargetP95Ms} ms", $"{Format.Ms(listP95)} ms{host.Label}", listP95 < TargetP95Ms),
                new TargetCheck($"book p95 < {TargetP95Ms} ms", $"{Format.Ms(bookP95)} ms{host.Label}", bookP95 < TargetP95Ms),
                new TargetCheck($"every booking made ({MeasuredBookings})", $"{api.Booked} made, {api.Conflicts} conflicts", api.Booked == MeasuredBookings),
                new TargetCheck($"monitoring of {MonitoringTutees:N0} tutees < {MonitoringTarget.TotalSeconds:0} s (slowest of {MonitoringRuns})", Format.Seconds(slowest) + host.Label,
                    slowest < MonitoringTarget && monitored >= MonitoringTutees),
            ],
            [
                $"The host in this process ({host.Environment}) on Kestrel over loopback, on its own database '{Database}'; load average when the list-and-book run started: {load}.",
                $"Data: the Governance demo seed; {BookingSchool}: {BookingTutors} tutors, {BookingTutees:N0} students auto-allocated, each tutor publishing 8 one-to-one 15-minute slots every Tuesday and a group hour (6 places) every Thursday for a year from {firstTuesday:yyyy-MM-dd} ({slots:N0} slots). " +
                $"{MonitoringSchool}: {MonitoringTutors} tutors, {MonitoringTutees:N0} students auto-allocated, per tutor a Welcome meeting in Spring for all their tutees ({meetings} meetings), 4 one-to-one clinics a week in Spring ({engSlots:N0} slots) and {engBookings:N0} bookings.",
                $"List and book: one tutee at a time, each a different one, lists their tutor's slots for {TermFrom:yyyy-MM-dd}..{TermTo:yyyy-MM-dd} (a tutee's view: free places only) and books a random free one; each request timed by the client separately. {WarmUpBookings} tutees first as a warm-up.",
                "Raw baseline: a table built from the slot documents (tutor, start, capacity, booked, the document) with an index on (tutor, start): SELECT the term's rows of the tutor; a booking is UPDATE … SET booked = booked + 1 WHERE free, INSERT the booking row, in one transaction, through Npgsql.",
                "Monitoring: GET as an Admin (names included), timed by the client; raw baseline: the three SELECTs of the documents it reads (the school's students, its meetings of the year, its slots of the term), rows read to the end.",
            ],
            new { api, baseline, monitoringSeconds = monitoring.Select(m => m.TotalSeconds).ToArray(), rawMonitoringSeconds = rawMonitoring.Select(m => m.TotalSeconds).ToArray(), monitored, slots, meetings, engSlots, engBookings, load, host.Environment, host.ProductionRefusal });
    }

    internal sealed record BookingRun(LatencySummary List, LatencySummary Book, int Booked, int Conflicts);

    private static async Task<BookingRun> BookingRunAsync(HttpClient http, Queue<(string Student, string Tutor)> tutees, Func<string, string> token, int count, CancellationToken ct)
    {
        var (list, book) = (new List<long>(), new List<long>());
        var (booked, conflicts) = (0, 0);
        var random = new Random(12);
        for (var i = 0; i < count; i++)
        {
            var (student, tutor) = tutees.Dequeue();
            var bearer = token(student);
            var start = Stopwatch.GetTimestamp();
            using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/tutors/{tutor}/slots?from={TermFrom:yyyy-MM-dd}&to={TermTo:yyyy-MM-dd}");
            get.Headers.TryAddWithoutValidation("Authorization", bearer);
            using var listed = await http.SendAsync(get, ct);
            var body = await listed.Content.ReadAsByteArrayAsync(ct);
            list.Add(Stopwatch.GetTimestamp() - start);
            listed.EnsureSuccessStatusCode();
            var free = JsonDocument.Parse(body).RootElement.EnumerateArray().Where(s => s.GetProperty("freePlaces").GetInt32() > 0)
                .Select(s => s.GetProperty("slotId").GetGuid()).ToList();
            if (free.Count == 0) throw new InvalidOperationException($"Tutor {tutor} has no free slot left in the term.");

            start = Stopwatch.GetTimestamp();
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/slots/{free[random.Next(free.Count)]}/bookings") { Content = JsonContent.Create(new { agenda = "Bench" }) };
            post.Headers.TryAddWithoutValidation("Authorization", bearer);
            post.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var made = await http.SendAsync(post, ct);
            await made.Content.ReadAsByteArrayAsync(ct);
            book.Add(Stopwatch.GetTimestamp() - start);
            if (made.StatusCode == HttpStatusCode.Created) booked++;
            else if (made.StatusCode == HttpStatusCode.Conflict) conflicts++;
            else throw new InvalidOperationException($"Booking failed: {(int)made.StatusCode} {await made.Content.ReadAsStringAsync(ct)}");
        }
        return new BookingRun(LatencySummary.From([.. list]), LatencySummary.From([.. book]), booked, conflicts);
    }

    /// <summary>ENG's year: per tutor a Welcome meeting in Spring for all their tutees, Spring clinics, and one tutee in ten booked.</summary>
    private static async Task<(int Meetings, int Slots, int Bookings)> MonitoringDataAsync(BenchHost host, IAllocationQueries allocation, DateOnly today, CancellationToken ct)
    {
        var (meetings, slots, bookings) = (0, 0, 0);
        var clinicDay = Next(new DateOnly(2027, 1, 11), DayOfWeek.Wednesday);
        for (var i = 0; i < MonitoringTutors; i++)
        {
            var tutorId = $"mo-t{i:D3}";
            var theirs = (await allocation.TuteesOfAsync(tutorId, today, ct)).Select(s => s.StudentId).ToList();
            if (theirs.Count == 0) continue;
            using var tutor = host.Client(tutorId, [Roles.Tutor]);
            // One meeting per tutor: each invitation is an email, and ~10,000 queued at once stalled the host (see docs/performance.md § Meetings).
            foreach (var (at, purpose) in new[] { (new DateTimeOffset(2027, 1, 12, 10, 0, 0, TimeSpan.Zero), "Welcome") })
            {
                using var arranged = await tutor.PostAsJsonAsync($"/api/tutors/{tutorId}/meetings", new
                {
                    startsAt = at, lengthMinutes = 60, format = "InPerson", purpose, room = "Room 1.01", inviteeIds = theirs,
                }, ct);
                if (!arranged.IsSuccessStatusCode) throw new InvalidOperationException($"Arranging failed: {(int)arranged.StatusCode} {await arranged.Content.ReadAsStringAsync(ct)}");
                meetings++;
            }
            var published = await PublishAsync(tutor, tutorId, clinicDay, new DateOnly(2027, 3, 17), new TimeOnly(11, 0), 15, 4, 1, ct);
            slots += published.Count;
            foreach (var (student, slot) in theirs.Where((_, k) => k % 10 == 0).Zip(published))
            {
                using var client = host.Client(student, [Roles.Student]);
                using var made = await client.PostAsJsonAsync($"/api/slots/{slot}/bookings", new { agenda = (string?)null }, ct);
                if (made.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Booking failed: {(int)made.StatusCode} {await made.Content.ReadAsStringAsync(ct)}");
                bookings++;
            }
        }
        return (meetings, slots, bookings);
    }

    private static async Task SchoolAsync(HttpClient admin, string school, string prefix, int tutors, int students, string programme, int years, CancellationToken ct)
    {
        for (var i = 0; i < tutors; i++)
            (await admin.PutAsJsonAsync($"/api/tutors/{prefix}-t{i.ToString(tutors > 100 ? "D3" : "D2", CultureInfo.InvariantCulture)}", new
            {
                givenName = "Tutor", familyName = $"{prefix}{i}", email = $"{prefix}-t{i}@staff.bench", schoolCode = school, permanentAcademicStaff = true,
            }, ct)).EnsureSuccessStatusCode();
        var rows = Enumerable.Range(0, students).Select(i => new
        {
            studentId = $"{prefix}-s{i:D4}", givenName = "Student", familyName = $"{prefix}{i}", email = $"{prefix}-s{i:D4}@students.bench", schoolCode = school,
            programmeCode = programme, level = "UG", yearOfStudy = 1 + i % years, registeredOn = "2026-09-21", status = "Studying", studentRouteVisa = false,
            visitingStudyAbroad = false,
        }).ToArray();
        (await admin.PostAsJsonAsync("/api/students/batch", new { students = rows }, ct)).EnsureSuccessStatusCode();
        using var auto = await admin.PostAsJsonAsync("/api/allocations/auto", new { schoolCode = school, dryRun = false }, ct);
        if (!auto.IsSuccessStatusCode) throw new InvalidOperationException($"Auto-allocation of {school} failed: {(int)auto.StatusCode} {await auto.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<List<Guid>> PublishAsync(HttpClient tutor, string tutorId, DateOnly on, DateOnly until, TimeOnly at, int minutes, int count, int capacity,
        CancellationToken ct)
    {
        using var response = await tutor.PostAsJsonAsync($"/api/tutors/{tutorId}/slots", new
        {
            on, repeatWeeklyUntil = until, startTime = at, lengthMinutes = minutes, count, capacity,
            room = capacity == 1 ? "Room 2.14" : null, onlineLink = capacity == 1 ? null : "https://teams.example.ac.uk/l/meetup/bench", onClosureDays = false,
        }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Publishing failed: {(int)response.StatusCode} {body}");
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("slotId").GetGuid())];
    }

    private static DateOnly Next(DateOnly from, DayOfWeek day) => from.AddDays(((int)day - (int)from.DayOfWeek + 7) % 7);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
