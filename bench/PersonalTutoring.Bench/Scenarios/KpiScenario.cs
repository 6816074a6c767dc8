using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Bench.Infrastructure;
using PersonalTutoring.Bench.Reporting;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// Issue 14's targets on the real host over loopback HTTP, after <see cref="KpiLoader"/> has loaded a university's
/// history: one school's KPIs &lt; 200 ms p95 and the university's &lt; 1 s p95, each today and as of a past date; a
/// year-end report's printable HTML &lt; 1 s; the process's RSS &lt; 400 MB while answering. Beside a raw-PostgreSQL
/// baseline in the same run and database: the SELECTs of the documents and events the same answer reads.
/// </summary>
internal sealed partial class KpiScenario : IBenchScenario
{
    private static readonly double SchoolTargetMs = 200, UniversityTargetMs = 1000, HtmlTargetMs = 1000, RssTargetMb = 400;

    public string Name => "kpis";

    public async Task<ScenarioResult> RunAsync(BenchContext context, CancellationToken ct)
    {
        var s = context.Settings;
        var university = new KpiUniversity(s.KpiStudents, s.KpiStudents * 3 / 80, 25, s.KpiYears);
        var database = $"pt_bench_kpis_{university.Students}_{university.Years}";
        await using var host = await BenchHost.StartAsync(context.Database.ConnectionString, database, ct, fresh: !s.KpiKeep);
        var now = DateTimeOffset.UtcNow;
        var admin = host.App.Services.GetRequiredService<ProjectionAdmin>();
        var load = s.KpiKeep ? await KeptLoadAsync(host.ConnectionString, ct) : null;
        if (load is null)
        {
            Console.WriteLine($"  kpis: loading {university.Students:N0} students, {university.Tutors:N0} tutors, {university.Schools} schools, {university.Years} year(s) ...");
            load = await KpiLoader.LoadAsync(host.App.Services.GetRequiredService<IDocumentStore>(),
                c => admin.WaitForNonStaleAsync(TimeSpan.FromMinutes(60), c), university, now, ct);
            await KeepLoadAsync(host.ConnectionString, load, ct);
        }
        Console.WriteLine($"    {load.Events:N0} events loaded in {Format.Seconds(load.Appending)}, daemon caught up in {Format.Seconds(load.CatchingUp)} (on {load.LoadedAt:yyyy-MM-dd HH:mm} UTC)");
        await admin.WaitForNonStaleAsync(TimeSpan.FromMinutes(10), ct);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var current = AcademicYear.Containing(today);
        var previous = new AcademicYear(current.StartYear - 1);
        var pastDate = new DateOnly(current.StartYear, 3, 15); // in the previous year, known on that day
        using var client = host.Client("bench-governance", [Roles.Admin]);
        var reportYear = university.Years > 1 ? previous : current;
        var snapshotOn = university.Years > 1 ? new DateOnly(current.StartYear, 6, 30) : today;
        for (var school = 0; school < 3; school++)
        {
            using var written = await client.PutAsJsonAsync($"/api/schools/{KpiUniversity.School(school)}/year-end-reports/{reportYear}/all",
                new { snapshotOn, successes = "Bench", challenges = "Bench", trends = "Bench" }, ct);
            if (!written.IsSuccessStatusCode) throw new InvalidOperationException($"Writing a report failed: {(int)written.StatusCode} {await written.Content.ReadAsStringAsync(ct)}");
        }

        var reps = s.KpiRepetitions;
        string School(int i) => KpiUniversity.School(i % university.Schools);
        var schoolPast = university.Years > 1 ? $"academicYear={previous}&asOf={pastDate:yyyy-MM-dd}&knownOn={pastDate:yyyy-MM-dd}" : $"asOf={today.AddDays(-14):yyyy-MM-dd}&knownOn={today.AddDays(-14):yyyy-MM-dd}";
        var pastKnownToday = schoolPast[..schoolPast.IndexOf("&knownOn=", StringComparison.Ordinal)];
        var store = host.App.Services.GetRequiredService<IDocumentStore>();
        var kept = store.Options.FindOrResolveDocumentType(typeof(KeptKpiFacts)).TableName.QualifiedName;
        var ticks = 0;
        var tutees = await CurrentTuteesAsync(host.ConnectionString, ct);
        // Events arriving, as in a working day: a tutor records a contact with a current tutee (schools in turn) before each
        // call, taken in by the daemon, so kept facts of this year cannot serve exactly (ADR 0093), whose Contact rows changed
        // (ADR 0098); those of an earlier year can while nothing of that year changes.
        async Task Tick()
        {
            var (student, school, tutor) = tutees[ticks++ % tutees.Count];
            var at = DateTimeOffset.UtcNow;
            await using var session = store.LightweightSession();
            session.Events.Append(ContactLog.StreamId(student), new ContactRecorded(student, Guid.CreateVersion7(at), school, tutor, tutor, ContactKind.Email,
                ContactDirection.TutorInitiated, at.AddMinutes(-30), EnquiredAboutProgressAndWellbeing: true, TuteeResponded: true, null, at));
            await session.SaveChangesAsync(ct);
            // The daemon takes the event in before the call, as it does between one request and the next in a working day.
            await admin.WaitForNonStaleAsync(TimeSpan.FromMinutes(1), ct);
        }
        // A question nobody asked before: its kept facts forgotten before each call.
        // With a school, only that school's: as after its policy or calendar changed (ADR 0096), the schools in turn.
        var forgotten = 0;
        Func<Task> Forget(DateOnly kpiDate, DateOnly knownOn, bool oneSchool = false) => async () =>
        {
            await using var connection = new NpgsqlConnection(host.ConnectionString);
            await connection.OpenAsync(ct);
            await using var delete = new NpgsqlCommand($"DELETE FROM {kept} WHERE id LIKE @pattern OR id LIKE @latest", connection);
            var school = oneSchool ? School(forgotten++) : "%";
            delete.Parameters.AddWithValue("pattern", $"{school}/%/{kpiDate:yyyy-MM-dd}/{knownOn:yyyy-MM-dd}");
            // The latest facts of the date (ADR 0098), which serve it as known on a later day.
            delete.Parameters.AddWithValue("latest", $"{school}/%/{kpiDate:yyyy-MM-dd}/{KeptKpiFacts.Latest}");
            await delete.ExecuteNonQueryAsync(ct);
        };
        var pastDay = university.Years > 1 ? pastDate : today.AddDays(-14);
        // The previous year's days back from the day before the past date, one per call (warm-ups included): none asked before.
        var walkedDays = 0;
        DateOnly WalkedDay() => new DateOnly(current.StartYear, 3, 14).AddDays(-walkedDays++);
        // This year's days back from two weeks ago, one per call (warm-ups included), within the year.
        var thisYearsDays = 0;
        DateOnly ThisYearsDay()
        {
            var day = today.AddDays(-14 - thisYearsDays++);
            return day >= current.DefaultStart ? day : today.AddDays(-1);
        }
        // How the previous year ended, as known today (the default question about a past year), first asked after the keeper
        // last ran: its kept facts forgotten and the keeper run before each call (ADR 0100).
        var keeper = host.App.Services.GetRequiredService<KpiFactsKeeping>();
        async Task ForgetThenKeep()
        {
            await Forget(previous.DefaultEnd, today)();
            await keeper.RefreshAsync(ct);
        }
        if (s.KpiWalk) await WalkAsync(host, kept, s.KpiWalkRuns, ct);
        await PruneAsync(host, kept, ct);
        // As in a host that has run through a working day: the keeper has worked out every school's facts for today (an event
        // has arrived since it last did), kept yesterday's and walked back over earlier days not kept yet (ADR 0093).
        var keeping = Stopwatch.GetTimestamp();
        await Tick();
        await host.App.Services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(ct);
        Console.WriteLine($"    the keeper's run: {Stopwatch.GetElapsedTime(keeping).TotalSeconds:0.0} s");
        var calls = new (string Label, Func<int, string> Url, int Count, double Target, Func<Task>? Before)[]
        {
            ("one school, today, events arriving", i => $"/api/schools/{School(i)}/kpis", reps * 2, SchoolTargetMs, Tick),
            ("one school, as of a past date as known then", i => $"/api/schools/{School(i)}/kpis?{schoolPast}", reps * 2, SchoolTargetMs, null),
            ("one school, as of a past date as known then, first asked", i => $"/api/schools/{School(i)}/kpis?{schoolPast}", reps * 2, SchoolTargetMs, Forget(pastDay, pastDay)),
            // The API's default for a past date: as known today (ADR 0098), while this year's events arrive.
            ("one school, as of a past date as known today, events arriving", i => $"/api/schools/{School(i)}/kpis?{pastKnownToday}", reps * 2, SchoolTargetMs, Tick),
            ("university, today, events arriving", _ => "/api/university/kpis", reps, UniversityTargetMs, Tick),
            ("university, as of a past date as known today, events arriving", _ => $"/api/university/kpis?{pastKnownToday}", reps, UniversityTargetMs, Tick),
            // The same question with nothing kept: asked before the walk has kept that day as known today (ADR 0101).
            ("university, as of a past date as known today, nothing kept", _ => $"/api/university/kpis?{pastKnownToday}", reps, UniversityTargetMs, Forget(pastDay, today)),
            // A date of the previous year nobody asked before, a different one each call, while this year's events arrive: after the
            // walk over the earlier years as known today (ADR 0101; run with --kpi-walk, or on a host up for a few hours).
            ("university, as of a past date as known today, first asked after the walk, events arriving",
                _ => $"/api/university/kpis?academicYear={previous}&asOf={WalkedDay():yyyy-MM-dd}", reps, UniversityTargetMs, Tick),
            // The same of this year: its days as known today are walked too, their marks moved only by what is dated up to them (ADR 0102).
            ("university, as of a past date of this year as known today, first asked after the walk, events arriving",
                _ => $"/api/university/kpis?asOf={ThisYearsDay():yyyy-MM-dd}", reps, UniversityTargetMs, Tick),
            ("university, today, nothing kept", _ => "/api/university/kpis", reps, UniversityTargetMs, Forget(today, today)),
            ("university, as of a past date as known then", _ => $"/api/university/kpis?{schoolPast}", reps, UniversityTargetMs, null),
            ("university, as of a past date as known then, first asked", _ => $"/api/university/kpis?{schoolPast}", reps, UniversityTargetMs, Forget(pastDay, pastDay)),
            ("university, how the previous year ended, as known today, first asked after the keeper's run", _ => $"/api/university/kpis?academicYear={previous}", reps,
                UniversityTargetMs, ForgetThenKeep),
            ("university, as of a past date as known then, one school's policy changed", _ => $"/api/university/kpis?{schoolPast}", reps, UniversityTargetMs,
                Forget(pastDay, pastDay, oneSchool: true)),
            // The dashboard asks for the trends beside each answer (the issue's targets name the answer; the same are held here).
            ("one school's trends, today, events arriving", i => $"/api/schools/{School(i)}/kpis/trends", reps * 2, SchoolTargetMs, Tick),
            ("university's trends, today, events arriving", _ => "/api/university/kpis/trends", reps, UniversityTargetMs, Tick),
            ("year-end report HTML (print)", i => $"/api/schools/{School(i % 3)}/year-end-reports/{reportYear}/all/print", reps, HtmlTargetMs, null),
        };
        var rss = new RssSampler();
        var results = new List<(string Label, LatencySummary Api, LatencySummary Raw, CpuUsage? Cores, PerAnswer Work, double Target, string Load)>();
        foreach (var (label, url, count, target, before) in calls.Where(c => s.KpiRows is null || s.KpiRows.Any(r => c.Label.Contains(r, StringComparison.Ordinal))))
        {
            // Without a preparation, a row measures questions asked before: each of its questions once, untimed.
            if (before is null)
                foreach (var question in Enumerable.Range(0, count).Select(url).Distinct())
                    await TimeAsync(client, question, ct);
            for (var i = 0; i < s.KpiWarmUps; i++)
            {
                if (before is not null) await before();
                await TimeAsync(client, url(i), ct); // warm-up
            }
            var load1 = LoadAverage();
            var cpu = CpuSnapshot.Take();
            var work = PerAnswer.Start();
            var samples = new long[count];
            PerAnswer perAnswer;
            if (before is null)
            {
                using (rss.Watch())
                    for (var i = 0; i < count; i++) samples[i] = await TimeAsync(client, url(i), ct);
                perAnswer = work.Per(count);
            }
            else
            {
                // The preparation (an append, a delete) is not timed, nor counted in the row's CPU per answer.
                var spent = PerAnswer.Zero;
                for (var i = 0; i < count; i++)
                {
                    await before();
                    var one = PerAnswer.Start();
                    using (rss.Watch()) samples[i] = await TimeAsync(client, url(i), ct);
                    spent += one.Per(1);
                }
                perAnswer = spent / count;
            }
            var cores = CpuSnapshot.Between(cpu, CpuSnapshot.Take());
            var whole = label.StartsWith("university", StringComparison.Ordinal);
            var surveyYear = label.Contains("past", StringComparison.Ordinal) && university.Years > 1 ? previous : current;
            var surveys = Enumerable.Range(0, whole ? university.Schools : 1).Select(k => $"school-evaluation-{KpiUniversity.School(k)}-{surveyYear}").ToArray();
            var raw = await RawAsync(host.ConnectionString, whole ? null : School(0), surveys, count, ct);
            var api = LatencySummary.From(samples);
            Console.WriteLine($"    {label}: p50/p95/max {Format.Ms(api.P50)}/{Format.Ms(api.P95)}/{Format.Ms(api.Max)} ms (raw p95 {Format.Ms(raw.P95)}); load {load1}");
            results.Add((label, api, raw, cores, perAnswer, target, load1));
        }

        string Row(LatencySummary l) => $"{Format.Ms(l.P50)} / {Format.Ms(l.P95)} / {Format.Ms(l.Max)}";
        string Cores(CpuUsage? c) => c is null ? "n/a" : $"{Format.Cores(c.Bench)} / {Format.Cores(c.Server)} / {Format.Cores(c.Others)}";
        return new ScenarioResult(
            Name,
            $"KPIs and the year-end report: {university.Students:N0} students, {university.Tutors:N0} tutors, {university.Schools} schools, {university.Years} year(s), {load.Events:N0} events{host.Label}",
            ["answer", "p50 / p95 / max (ms)", "raw baseline p50 / p95 / max (ms)", "target p95", "cores: bench+host / pg / others", "per answer: CPU s / MB allocated / GC pause ms", "load at start"],
            [.. results.Select(r => (IReadOnlyList<string>)[r.Label, Row(r.Api), Row(r.Raw), $"< {r.Target:0} ms", Cores(r.Cores), r.Work.ToString(), r.Load]),
                ["process RSS while answering (max)", $"{rss.MaxMb:0} MB", "-", $"< {RssTargetMb:0} MB", "-", "-", "-"]],
            [.. results.Select(r => new TargetCheck($"{r.Label} p95 < {r.Target:0} ms", $"{Format.Ms(r.Api.P95)} ms{host.Label}", r.Api.P95 < r.Target)),
                new TargetCheck($"RSS while answering < {RssTargetMb:0} MB", $"{rss.MaxMb:0} MB (bench and host in one process)", rss.MaxMb < RssTargetMb)],
            [
                $"Loaded {load.Events:N0} events ({load.StudentsEver:N0} students over the years) through Marten sessions in {Format.Seconds(load.Appending)}; the daemon caught up the async projections in {Format.Seconds(load.CatchingUp)}.",
                $"Each answer timed by the client over loopback HTTP as an Admin; schools rotate over KS00..KS{university.Schools - 1:D2}; the past date is {schoolPast}; {reps * 2} school and {reps} university and report calls per row after {s.KpiWarmUps} warm-up(s).",
                "Kept facts (ADR 0093): a row with no preparation asks each of its questions once, untimed, first (questions asked before); \"events arriving\" records a contact with a current tutee (schools in turn) before each call (this year's kept facts cannot serve exactly; the university's overview may show the keeper's facts up to 5 minutes old; an earlier year's serve while nothing of that year changes, ADR 0098); \"first asked\" and \"nothing kept\" delete the kept facts of the row's dates before each call. \"one school's policy changed\" deletes one school's (the schools in turn), as a change of that school's policy or calendar forgets them (ADR 0096). Preparations are not timed; the cores column of such rows includes them.",
                "Raw baseline: the SELECTs of what the answer reads, through Npgsql, rows read to the end: the school's (or every) Allocation KPI rows of the current year (ADR 0089), those students' Contact KPI rows, its meeting and slot views, tutor development records, and the survey events of the year's evaluation streams (by stream id).",
                "RSS: VmRSS of this process (the bench client and the host share it), sampled every 20 ms while answering.",
                "Per answer: this process's CPU time, bytes allocated and GC pause time over the row's calls, divided by the calls (the host's work with the client's small share; less sensitive to other load on the machine than the latencies).",
            ],
            new { load, results = results.Select(r => new { r.Label, r.Api, r.Raw, r.Work, r.Load }).ToArray(), rssMaxMb = rss.MaxMb, host.Environment });
    }

    private static async Task<long> TimeAsync(HttpClient client, string url, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(url, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var elapsed = Stopwatch.GetTimestamp() - start;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        return elapsed;
    }

    /// <summary>What the process spent per answer over a row: CPU, allocation and GC pauses (both the host and the client).</summary>
    private sealed record PerAnswer(double CpuSeconds, double AllocatedMb, double GcPauseMs)
    {
        public static readonly PerAnswer Zero = new(0, 0, 0);

        public static PerAnswer operator +(PerAnswer a, PerAnswer b) => new(a.CpuSeconds + b.CpuSeconds, a.AllocatedMb + b.AllocatedMb, a.GcPauseMs + b.GcPauseMs);

        public static PerAnswer operator /(PerAnswer a, int n) => new(a.CpuSeconds / n, a.AllocatedMb / n, a.GcPauseMs / n);

        public static Counter Start()
        {
            using var process = Process.GetCurrentProcess();
            return new(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());
        }

        public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{CpuSeconds:0.00} / {AllocatedMb:0} / {GcPauseMs:0}");

        public sealed record Counter(TimeSpan Cpu, long Allocated, TimeSpan Paused)
        {
            public PerAnswer Per(int answers)
            {
                using var process = Process.GetCurrentProcess();
                return new((process.TotalProcessorTime - Cpu).TotalSeconds / answers, (GC.GetTotalAllocatedBytes() - Allocated) / (1024.0 * 1024) / answers,
                    (GC.GetTotalPauseDuration() - Paused).TotalMilliseconds / answers);
            }
        }
    }

    /// <summary>
    /// The walk's first coverage (ADR 0099): every kept fact forgotten, as on a host's first start over a loaded store, then
    /// keeper runs (nothing appended between them) until a run keeps no further closed day of any school, or
    /// <paramref name="runs"/> runs if more than 0; each run timed with the process's CPU and the school-days it kept.
    /// </summary>
    private static async Task WalkAsync(BenchHost host, string kept, int runs, CancellationToken ct)
    {
        await using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var delete = new NpgsqlCommand($"DELETE FROM {kept}", connection);
            await delete.ExecuteNonQueryAsync(ct);
        }
        var services = host.App.Services;
        var keeping = services.GetRequiredService<KpiFactsKeeping>();
        var facts = services.GetRequiredService<KpiFactsKept>();
        var schools = await services.GetRequiredService<KpiSources>().SchoolsAsync(ct);
        async Task<int> ClosedAsync() => (await facts.ClosedSchoolDaysAsync(schools, await facts.MarkAsync(ct), ct)).Count;
        // The days kept as known today with marks that serve (ADR 0101, 0102), this year's and the earlier years', every school's,
        // by the keeper's own queries.
        async Task<int> KnownTodayAsync()
        {
            var (mark, count) = (await facts.MarkAsync(ct), 0);
            await foreach (var (_, _, served) in keeping.KnownTodayYearsAsync(schools, mark.UkToday, mark, ct)) count += served.Count;
            return count;
        }
        using var process = Process.GetCurrentProcess();
        var (started, cpu, before, beforeToday) = (Stopwatch.GetTimestamp(), process.TotalProcessorTime, await ClosedAsync(), await KnownTodayAsync());
        for (var run = 1; ; run++)
        {
            var (at, runCpu) = (Stopwatch.GetTimestamp(), process.TotalProcessorTime);
            await keeping.RefreshAsync(ct);
            process.Refresh();
            var (elapsed, spent) = (Stopwatch.GetElapsedTime(at).TotalSeconds, (process.TotalProcessorTime - runCpu).TotalSeconds);
            var (closed, knownToday) = (await ClosedAsync(), await KnownTodayAsync());
            Console.WriteLine($"    walk run {run}: {closed - before} school-days as known then and {knownToday - beforeToday} as known today kept " +
                $"in {elapsed:0.0} s, {spent:0.0} CPU-s of the host ({closed} and {knownToday} in all)");
            if (closed == before && knownToday == beforeToday) break;
            (before, beforeToday) = (closed, knownToday);
            if (run == runs) break;
        }
        Console.WriteLine($"    the walk{(runs > 0 ? $" ({runs} runs)" : "'s first coverage")}: {before} school-days as known then and {beforeToday} as known today " +
            $"in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s, {(process.TotalProcessorTime - cpu).TotalSeconds:0} CPU-s of the host, load {LoadAverage()}");
    }

    /// <summary>
    /// The keeper's daily prune (ADR 0103) over the kept facts as they stand, timed on its own: a host's first run of a day
    /// does the same before its walks.
    /// </summary>
    private static async Task PruneAsync(BenchHost host, string kept, CancellationToken ct)
    {
        var facts = host.App.Services.GetRequiredService<KpiFactsKept>();
        long rows, bytes;
        await using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var size = new NpgsqlCommand($"SELECT count(*), pg_total_relation_size('{kept}') FROM {kept}", connection);
            await using var reader = await size.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (rows, bytes) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        var mark = await facts.MarkAsync(ct);
        var started = Stopwatch.GetTimestamp();
        var pruned = await facts.PruneAsync(mark, ct);
        Console.WriteLine($"    the keeper's prune (ADR 0103): {pruned:N0} of {rows:N0} kept facts ({bytes / 1048576.0:0} MB with indexes) deleted in " +
            $"{Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>The process's peak resident set while a block runs, sampled every 20 ms.</summary>
    private sealed class RssSampler
    {
        public double MaxMb { get; private set; }

        public IDisposable Watch()
        {
            var stop = new CancellationTokenSource();
            var task = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    MaxMb = Math.Max(MaxMb, ResidentMb());
                    try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { }
                }
            });
            return new Stop(() => { stop.Cancel(); task.Wait(); stop.Dispose(); });
        }

        /// <summary>
        /// VmRSS from <c>/proc/self/statm</c> (resident pages): one small read, where <c>Process.WorkingSet64</c> parses
        /// several files of <c>/proc</c> on every call, 4 % of the process's samples at 50 per second (profiled).
        /// </summary>
        private static double ResidentMb()
        {
            if (!File.Exists("/proc/self/statm"))
            {
                using var p = Process.GetCurrentProcess();
                return p.WorkingSet64 / (1024.0 * 1024);
            }
            var pages = long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1], CultureInfo.InvariantCulture);
            return pages * Environment.SystemPageSize / (1024.0 * 1024);
        }

        private sealed class Stop(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
