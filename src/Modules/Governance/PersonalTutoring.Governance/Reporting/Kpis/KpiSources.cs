using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Schools.ReadModels;
using PersonalTutoring.Governance.Surveys;
using PersonalTutoring.Governance.TutorDevelopment;
using PersonalTutoring.Governance.TutorDevelopment.ReadModels;
using PersonalTutoring.Meetings.Contracts;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>
/// The two dates of a KPI question (docs/adr/0041, 0065): the figures describe <see cref="AsOf"/> (the year's last day
/// when the year had ended by then: <see cref="KpiDate"/>), counting the facts recorded by the end of <see cref="KnownOn"/>.
/// </summary>
internal sealed record KpiDates(AcademicYear Year, DateOnly AsOf, DateOnly KnownOn)
{
    public DateOnly KpiDate => AsOf < Year.DefaultEnd ? AsOf : Year.DefaultEnd;
}

/// <summary>
/// Gathers <see cref="KpiFacts"/> for the KPI date as known at the end of the known-on date (docs/adr/0065): each module answers its own
/// figures through its contract from time-stamped facts; Governance's own records are filtered by when they were
/// recorded. The other modules' contracts are resolved per call, so the host starts whatever order modules register in.
/// </summary>
internal sealed class KpiSources(IServiceProvider services, IDocumentStore store, KpiFactsKept kept)
{
    /// <summary>Schools computed concurrently for the university answer: one per core of the 2-core host, each school's facts held at once.</summary>
    private const int SchoolsAtOnce = 2;

    private T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public async Task<IReadOnlyList<string>> SchoolsAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return [.. (await session.Query<SchoolView>().OrderBy(s => s.SchoolCode).ToListAsync(ct)).Select(s => s.SchoolCode)];
    }

    /// <summary>
    /// One school's facts; without <paramref name="operational"/> only what the eleven KPIs need (trends). Operational, the
    /// allocation figures and the histories of Contact's figures come from one read of Allocation's rows. Kept facts
    /// serve when nothing they were read from can have changed (docs/adr/0093), those of the KPIs only too when only the KPIs
    /// are asked (docs/adr/0097); operational facts worked out are kept.
    /// </summary>
    public async Task<KpiFacts> SchoolAsync(string schoolCode, KpiDates d, CancellationToken ct, bool operational = true)
    {
        var mark = await kept.MarkAsync(ct);
        var (serving, changes) = await kept.ServingAsync([schoolCode], d, mark, overview: false, ct, kpisOnly: !operational,
            operational ? schools => ChangesAsync(schools, d, operational, ct) : null);
        if (serving.TryGetValue(schoolCode, out var served)) return served.Facts;
        var facts = await WorkedOutAsync(schoolCode, d, operational, mark, ct);
        // A school's trend years are a few small reads each, exact only until the next event: kept, they would be written on
        // every request and seldom read. The university's are kept (EverySchoolOrKeptAsync, and the keeper).
        if (operational) await kept.KeepAsync([(schoolCode, facts)], d, mark, ct, changes: changes);
        return facts;
    }

    /// <summary>One school's facts read now, whatever is kept.</summary>
    private async Task<KpiFacts> WorkedOutAsync(string schoolCode, KpiDates d, bool operational, StoreMark mark, CancellationToken ct)
    {
        // Governance's and Meetings' own reads are small and independent of Allocation's and Contact's rows: they run
        // alongside them, while the database would otherwise wait for the host to work through the students.
        var own = OwnAsync(schoolCode, d, operational, ct);
        var (allocation, contact) = await AlongsideAsync(AllocationAndContactAsync(schoolCode, [schoolCode], d, operational, ct), own);
        return (await own).With(allocation, contact?[schoolCode]) with { ReadAt = mark.At };
    }

    /// <summary>
    /// Every registered school's facts, the allocation figures asked for once for the whole university; without
    /// <paramref name="operational"/> only what the eleven KPIs need (trends), as <see cref="SchoolAsync"/>. As the
    /// university's <paramref name="overview"/>, kept facts up to <see cref="KpiFactsSettings.OverviewFreshMinutes"/> old
    /// serve too (docs/adr/0093); the schools whose kept facts do not serve are worked out (docs/adr/0096).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, KpiFacts>> EverySchoolAsync(KpiDates d, CancellationToken ct, bool operational = true, bool overview = true) =>
        (await EverySchoolOrKeptAsync(d, operational, overview, ct)).Facts;

    /// <summary>
    /// Every school's facts for these dates (without <paramref name="operational"/>, of the KPIs only) kept, unless kept
    /// facts serve them exactly; how many schools' were worked out.
    /// </summary>
    public async Task<int> KeepEverySchoolAsync(KpiDates d, CancellationToken ct, bool operational = true) =>
        (await EverySchoolOrKeptAsync(d, operational, overview: false, ct)).WorkedOut;

    /// <summary>
    /// One school's facts as of each of <paramref name="days"/> of the year, as known then, worked out from one read
    /// (<see cref="SchoolDaysAsync"/>) and kept: the keeper's walk over closed days (docs/adr/0099).
    /// </summary>
    public async Task KeepSchoolDaysAsync(string schoolCode, AcademicYear year, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        var mark = await kept.MarkAsync(ct);
        var facts = await SchoolDaysAsync(schoolCode, year, days, knownOn: null, mark, ct);
        await kept.KeepAsync(days.Select((day, i) => (schoolCode, new KpiDates(year, day, day), facts[i], (string?)null)), mark, ct);
    }

    /// <summary>
    /// One school's facts as of each of <paramref name="days"/> of a year, as known today, worked out from one read and kept
    /// as the latest facts of each day with the school's marks of the day (docs/adr/0101, 0102): the keeper's walks over days
    /// as known today. Nothing is kept if the daemon is behind; a day whose marks a source cannot tell is not kept.
    /// </summary>
    public async Task KeepSchoolDaysKnownTodayAsync(string schoolCode, AcademicYear year, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        var mark = await kept.MarkAsync(ct);
        if (!mark.CaughtUp || days.Count == 0) return;
        var today = mark.UkToday;
        var changes = (await KnownTodayChangesAsync([schoolCode], year, days, today, ct))[0];
        if (changes.All(c => c is null)) return;
        var facts = await SchoolDaysAsync(schoolCode, year, days, today, mark, ct);
        await kept.KeepAsync(days.Select((day, i) => (schoolCode, new KpiDates(year, day, today), facts[i], changes[i])), mark, ct, latestOnly: true);
    }

    /// <summary>
    /// Each school's change marks for each of <paramref name="days"/> of <paramref name="year"/> as known today (indexed by
    /// school, then day): those a question about that day asks (<see cref="ChangesAsync"/>). Of a year that had ended they
    /// are the same for every day of it (docs/adr/0101); of this year, a day's marks move only with changes dated up to it
    /// (docs/adr/0102).
    /// </summary>
    public Task<IReadOnlyList<IReadOnlyList<string?>>> KnownTodayChangesAsync(IReadOnlyList<string> schools, AcademicYear year, IReadOnlyList<DateOnly> days,
        DateOnly today, CancellationToken ct)
    {
        if (days.Any(day => day < year.DefaultStart || day > year.DefaultEnd || day >= today))
            throw new ArgumentOutOfRangeException(nameof(days), "Days of the year before today.");
        return DaysChangesAsync(schools, year, days, today, operational: true, ct);
    }

    /// <summary>
    /// Kept facts serve the schools they can. At most half the schools left (one school's policy or calendar changed,
    /// docs/adr/0096) are worked out one by one, each as its own answer is; more, and every school is worked out together
    /// from one read of Allocation's rows (docs/adr/0091), which costs about what a dozen schools one by one do.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, KpiFacts> Facts, int WorkedOut)> EverySchoolOrKeptAsync(KpiDates d, bool operational, bool overview,
        CancellationToken ct)
    {
        var schools = await SchoolsAsync(ct);
        var mark = await kept.MarkAsync(ct);
        var (serving, changes) = await kept.ServingAsync(schools, d, mark, overview, ct, kpisOnly: !operational, s => ChangesAsync(s, d, operational, ct));
        var missing = schools.Where(s => !serving.ContainsKey(s)).ToList();
        var worked = new Dictionary<string, KpiFacts>(StringComparer.Ordinal);
        if (missing.Count * 2 <= schools.Count)
            foreach (var school in missing) worked[school] = await WorkedOutAsync(school, d, operational, mark, ct);
        else
        {
            // Every school's own reads, one school after another, alongside the students' rows (as for one school).
            var own = EveryOwnAsync(schools, d, operational, ct);
            var (allocation, contact) = await AlongsideAsync(AllocationAndContactAsync(null, schools, d, operational, ct), own);
            var bySchool = allocation.ToLookup(a => a.SchoolCode, StringComparer.Ordinal);
            var owned = await own;
            for (var i = 0; i < schools.Count; i++)
                worked[schools[i]] = owned[i].With([.. bySchool[schools[i]]], contact?[schools[i]]) with { ReadAt = mark.At };
        }
        if (worked.Count > 0) await kept.KeepAsync(worked.Select(w => (w.Key, w.Value)), d, mark, ct, kpisOnly: !operational, changes);
        return (schools.ToDictionary(s => s, s => worked.TryGetValue(s, out var facts) ? facts : serving[s].Facts, StringComparer.Ordinal), worked.Count);
    }

    /// <summary>Each school's change marks for the question (<see cref="DaysChangesAsync"/> of its one day).</summary>
    private async Task<IReadOnlyDictionary<string, string?>> ChangesAsync(IReadOnlyList<string> schools, KpiDates d, bool operational, CancellationToken ct)
    {
        var marks = await DaysChangesAsync(schools, d.Year, [d.KpiDate], d.KnownOn, operational, ct);
        return schools.Select((school, i) => (school, marks[i][0])).ToDictionary(s => s.school, s => s.Item2, StringComparer.Ordinal);
    }

    /// <summary>
    /// Each school's change marks (docs/adr/0098) for each of <paramref name="kpiDates"/> of the year as known on
    /// <paramref name="knownOn"/>, indexed by school, then day: of every source the facts read, each module's through its
    /// contract (Allocation's student rows of the year; operational, Contact's facts dated up to the day and the meetings and
    /// clinic slots from the year's first term to the day) and Governance's own (the school's tutor development records, the
    /// year's survey stream). Null for a school's day when a source cannot tell. Calendars and policies are the kept facts'
    /// configuration. For a year that had ended by the known-on date, Contact's and the meetings' marks run to the year's
    /// last day, whatever the KPI date (docs/adr/0101): they hold every day's, so the marks are the same for every day of
    /// that year. Of a year in progress, a day's marks do not move with what happens after it (docs/adr/0102). Every source
    /// gives a day's marks alike however many days are asked, so the keeper's walk and a question agree.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<string?>>> DaysChangesAsync(IReadOnlyList<string> schools, AcademicYear year, IReadOnlyList<DateOnly> kpiDates,
        DateOnly knownOn, bool operational, CancellationToken ct)
    {
        var throughs = kpiDates.Select(day => knownOn > year.DefaultEnd ? year.DefaultEnd : day).ToList();
        var allocation = Get<IAllocationFigures>().YearChangesAsync(schools, year, kpiDates[0], knownOn, ct);
        var contact = operational ? Get<IContactFigures>().DaysChangesAsync(schools, year, throughs, ct) : null;
        var meetings = operational ? MeetingChangesAsync(schools, year, throughs, ct) : null;
        var development = ReadModelChanges.MarksAsync(store, TutorDevelopmentViewProjection.ProjectionName, [.. schools.Select(s => (IReadOnlyList<string>)[s])], ct);
        var surveys = SurveyVersionsAsync(schools, year, ct);
        // What the KPIs read first, the operational sources after: a question about the KPIs only has the first parts of the
        // marks of full facts, which then serve it while those are the same (KeptKpiFacts.ServesLaterDaysWhile, docs/adr/0100).
        var (yearly, daily) = (new List<IReadOnlyList<string?>> { await allocation, await development, await surveys }, new List<IReadOnlyList<IReadOnlyList<string?>>>());
        if (contact is not null) daily.Add(await contact);
        if (meetings is not null) daily.Add(await meetings);
        return [.. schools.Select((_, i) => (IReadOnlyList<string?>)[.. kpiDates.Select((_, k) =>
        {
            var parts = yearly.Select(p => p[i]).Concat(daily.Select(p => p[i][k])).ToList();
            return parts.Any(p => p is null) ? null : string.Join('|', parts);
        })])];
    }

    /// <summary>
    /// The meetings' marks over each school's window of the year's terms started by each day up to that day (what
    /// <see cref="MeetingsAsync"/> reads), indexed by school, then day: one window per school from its first term's start
    /// to each day's end; a day before any term started reads no meeting, which an empty window says.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<string?>>> MeetingChangesAsync(IReadOnlyList<string> schools, AcademicYear year, IReadOnlyList<DateOnly> throughs,
        CancellationToken ct)
    {
        var calendars = await Get<IAcademicCalendar>().ForYearAsync(schools, year.ToString(), ct);
        var windows = new List<(string SchoolCode, DateTimeOffset From, IReadOnlyList<DateTimeOffset> Untils)>();
        var asked = new List<IReadOnlyList<(int Window, int Until)>>();
        for (var i = 0; i < schools.Count; i++)
        {
            var calendar = calendars[i];
            var first = calendar?.Terms.Min(t => (DateOnly?)t.Start);
            var started = throughs.Where(t => first <= t).Distinct().ToList();
            var (startedAt, emptyAt) = (windows.Count, windows.Count + (started.Count > 0 ? 1 : 0));
            if (started.Count > 0) windows.Add((schools[i], StartOf(first!.Value, calendar!.TimeZone), [.. started.Select(t => StartOf(t.AddDays(1), calendar.TimeZone))]));
            if (throughs.Any(t => !(first <= t))) windows.Add((schools[i], DateTimeOffset.UnixEpoch, [DateTimeOffset.UnixEpoch]));
            asked.Add([.. throughs.Select(t => first <= t ? (startedAt, started.IndexOf(t)) : (emptyAt, 0))]);
        }
        var marks = await Get<IMeetingFigures>().WindowChangesAsync(windows, ct);
        return [.. asked.Select(days => (IReadOnlyList<string?>)[.. days.Select(a => marks[a.Window][a.Until])])];
    }

    /// <summary>Each school's survey stream of the year, by its version (none: 0).</summary>
    private async Task<IReadOnlyList<string?>> SurveyVersionsAsync(IReadOnlyList<string> schools, AcademicYear year, CancellationToken ct)
    {
        var streams = schools.Select(s => SchoolEvaluation.StreamId(s, year.ToString())).ToArray();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand($"SELECT id, version FROM {store.Options.Events.DatabaseSchemaName}.mt_streams WHERE id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", streams);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) versions[reader.GetString(0)] = reader.GetInt64(1);
        return [.. streams.Select(s => (string?)$"survey={versions.GetValueOrDefault(s)}")];
    }

    /// <summary>
    /// The school's (null: every school's) allocation figures and, operational, each of <paramref name="schools"/>'s Contact
    /// figures over the histories of the same read of Allocation's rows (docs/adr/0091): a school's Contact figures are
    /// worked out as soon as Allocation has read its students, two schools at a time, so the university answer holds a few
    /// schools' histories, not every school's. The trends' figures alone read only the year's students.
    /// </summary>
    private async Task<(IReadOnlyList<AllocationYearFigures> Allocation, IReadOnlyDictionary<string, IReadOnlyList<ContactYearFigures>>? Contact)>
        AllocationAndContactAsync(string? schoolCode, IReadOnlyList<string> schools, KpiDates d, bool operational, CancellationToken ct)
    {
        if (!operational) return (await Get<IAllocationFigures>().YearFiguresAsync(schoolCode, d.Year, d.KpiDate, d.KnownOn, ct), null);
        if (schoolCode is not null) return await OneSchoolAsync(schoolCode, d, ct);
        var contact = new ConcurrentDictionary<string, IReadOnlyList<ContactYearFigures>>(StringComparer.Ordinal);
        var registered = schools.ToHashSet(StringComparer.Ordinal);
        using var slots = new SemaphoreSlim(SchoolsAtOnce);
        var running = new List<Task>();
        async Task ContactAsync(string school, IReadOnlyList<StudentHistory> histories, CancellationToken token)
        {
            try { contact[school] = await Get<IContactFigures>().YearFiguresAsync(school, d.Year, d.KpiDate, d.KnownOn, histories, token); }
            finally { slots.Release(); }
        }
        IReadOnlyList<AllocationYearFigures> allocation;
        try
        {
            allocation = await Get<IAllocationFigures>().YearAsync(schoolCode, d.Year, d.KpiDate, d.KnownOn, async (school, histories, token) =>
            {
                if (!registered.Contains(school)) return;
                await slots.WaitAsync(token);
                running.Add(Task.Run(() => ContactAsync(school, histories, token), token));
            }, ct);
        }
        finally
        {
            await Task.WhenAll(running);
        }
        // A registered school with no students of the year or the year before: its figures over none, as asked before.
        foreach (var school in schools.Where(s => !contact.ContainsKey(s)))
            contact[school] = await Get<IContactFigures>().YearFiguresAsync(school, d.Year, d.KpiDate, d.KnownOn, [], ct);
        return (allocation, contact);
    }

    private async Task<IReadOnlyList<OwnFacts>> EveryOwnAsync(IReadOnlyList<string> schools, KpiDates d, bool operational, CancellationToken ct)
    {
        var owned = new List<OwnFacts>(schools.Count);
        foreach (var school in schools) owned.Add(await OwnAsync(school, d, operational, ct));
        return owned;
    }

    /// <summary>
    /// One school's allocation and Contact figures: Contact reads its rows of the students Allocation names first (a read
    /// of ids) while Allocation reads its own, and works its figures out once the histories arrive (docs/adr/0095).
    /// </summary>
    private async Task<(IReadOnlyList<AllocationYearFigures>, IReadOnlyDictionary<string, IReadOnlyList<ContactYearFigures>>)> OneSchoolAsync(string schoolCode,
        KpiDates d, CancellationToken ct)
    {
        var histories = new TaskCompletionSource<IReadOnlyList<StudentHistory>>(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<IReadOnlyList<ContactYearFigures>> ContactAsync() => await Get<IContactFigures>().YearFiguresAsync(schoolCode, d.Year, d.KpiDate, d.KnownOn,
            await Get<IAllocationFigures>().YearStudentIdsAsync(schoolCode, d.Year, ct), histories.Task, ct);
        var contact = ContactAsync();
        try
        {
            var allocation = await Get<IAllocationFigures>().YearAsync(schoolCode, d.Year, d.KpiDate, d.KnownOn, (_, read, _) =>
            {
                histories.TrySetResult(read);
                return Task.CompletedTask;
            }, ct);
            // One school's histories are always handed over (none if it has none); this only guards against a broken promise.
            histories.TrySetException(new InvalidOperationException($"Allocation handed over no histories for {schoolCode}."));
            return (allocation, new Dictionary<string, IReadOnlyList<ContactYearFigures>>(StringComparer.Ordinal) { [schoolCode] = await contact });
        }
        catch (Exception e)
        {
            // Contact waits for the histories: a failed read of Allocation's rows ends it too, and is what is reported.
            histories.TrySetException(e);
            await Ended(contact);
            throw;
        }
    }

    /// <summary>The result of <paramref name="read"/>; when it fails, once <paramref name="alongside"/> has ended too, so no read outlives the answer.</summary>
    private static async Task<T> AlongsideAsync<T>(Task<T> read, Task alongside)
    {
        try
        {
            return await read;
        }
        catch (Exception)
        {
            await Ended(alongside);
            throw;
        }
    }

    /// <summary>Ends when the task does, however: its failure, if any, is observed here and the caller reports its own.</summary>
    private static Task Ended(Task task) => task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>The school's facts from Governance's own records and, <paramref name="operational"/>, its meetings.</summary>
    private async Task<OwnFacts> OwnAsync(string schoolCode, KpiDates d, bool operational, CancellationToken ct)
    {
        var meetings = operational ? MeetingsAsync(schoolCode, d.Year, d.KnownOn, d.KpiDate, ct) : Task.FromResult<IReadOnlyList<TermMeetings>>([]);
        var records = await OwnRecordsAsync(schoolCode, d.Year, ct);
        return await records.OnAsync(Get<ITutoringPolicies>(), d, await meetings, ct);
    }

    /// <summary>
    /// One school's facts as of each of <paramref name="days"/> of the year, each as known then or, given
    /// <paramref name="knownOn"/>, every one as known on that date, in the order given, from one read of each module's rows
    /// and of the school's calendar (docs/adr/0099, 0101): the keeper's walks. Kept by the caller.
    /// </summary>
    private async Task<IReadOnlyList<KpiFacts>> SchoolDaysAsync(string schoolCode, AcademicYear year, IReadOnlyList<DateOnly> days, DateOnly? knownOn,
        StoreMark mark, CancellationToken ct)
    {
        var (allocation, histories) = await Get<IAllocationFigures>().DaysAsync(schoolCode, year, days, knownOn, ct);
        var contact = await Get<IContactFigures>().DaysFiguresAsync(schoolCode, year, days, knownOn, histories, ct);
        var records = await OwnRecordsAsync(schoolCode, year, ct);
        var calendar = await Get<IAcademicCalendar>().ForYearAsync(schoolCode, year.ToString(), ct);
        var policies = Get<ITutoringPolicies>();
        var dates = days.Select(day => new KpiDates(year, day, knownOn ?? day)).ToList();
        var meetings = await DaysMeetingsAsync(schoolCode, calendar, dates, ct);
        var facts = new List<KpiFacts>(days.Count);
        for (var i = 0; i < days.Count; i++)
            facts.Add((await records.OnAsync(policies, dates[i], meetings[i], ct)).With(allocation[i], contact[i]) with { ReadAt = mark.At });
        return facts;
    }

    /// <summary>Governance's records a school's facts of the year read: its tutors' development records and the year's survey figures.</summary>
    private async Task<OwnRecords> OwnRecordsAsync(string schoolCode, AcademicYear year, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var records = await session.Query<TutorDevelopmentView>().Where(v => v.SchoolCode == schoolCode).ToListAsync(ct);
        var events = await session.Events.FetchStreamAsync(SchoolEvaluation.StreamId(schoolCode, year.ToString()), token: ct);
        return new OwnRecords(schoolCode, records, [.. events.Select(e => e.Data).OfType<SurveyResultsRecorded>()]);
    }

    /// <summary>Governance's own records of a school (<see cref="OwnRecordsAsync"/>), read once for any of the year's KPI dates.</summary>
    private sealed record OwnRecords(string SchoolCode, IReadOnlyList<TutorDevelopmentView> Development, IReadOnlyList<SurveyResultsRecorded> Survey)
    {
        /// <summary>What they hold for the dates: the tutors' standing under the rules then in force, the survey as recorded by the known-on date.</summary>
        public async Task<OwnFacts> OnAsync(ITutoringPolicies policies, KpiDates d, IReadOnlyList<TermMeetings> meetings, CancellationToken ct)
        {
            var (year, asOf, kpiDate) = (d.Year, d.KnownOn, d.KpiDate);
            var rules = await DevelopmentRules.InForceAsync(policies, SchoolCode, kpiDate, ct);
            var tutors = Development.Where(r => r.InRoleOn(kpiDate)).Select(r => Standing(r, rules, year, asOf, kpiDate)).ToList();
            // The latest figures per question recorded by the as-of date: a later correction does not change an earlier answer.
            var survey = Survey.Where(s => UkDate(s.RecordedAt) <= asOf).GroupBy(s => s.Question).Select(g => g.Last())
                .Select(s => new SurveyCount(s.Question, s.Respondents, s.Agreeing)).ToList();
            return new OwnFacts(meetings, tutors, survey);
        }
    }

    /// <summary>What a school's facts hold besides Allocation's and Contact's figures.</summary>
    private sealed record OwnFacts(IReadOnlyList<TermMeetings> Meetings, IReadOnlyList<TutorStanding> Tutors, IReadOnlyList<SurveyCount> Survey)
    {
        /// <summary>The school's facts; the operational figures (contact given, meetings) only with <paramref name="contact"/>.</summary>
        public KpiFacts With(IReadOnlyList<AllocationYearFigures> allocation, IReadOnlyList<ContactYearFigures>? contact) =>
            new(allocation, contact ?? [], contact is null ? [] : Meetings, Tutors, Survey);
    }

    private static bool Known(DateTimeOffset? recordedAt, DateOnly asOf) => recordedAt is not { } at || UkDate(at) <= asOf;

    private static TutorStanding Standing(TutorDevelopmentView r, DevelopmentRules rules, AcademicYear year, DateOnly asOf, DateOnly kpiDate)
    {
        var latest = r.QuizAttempts.Where(q => Known(q.RecordedAt, asOf) && DevelopmentRules.WithinYears(q.TakenOn, kpiDate, rules.QuizWithinYears))
            .OrderBy(q => q.TakenOn).LastOrDefault();
        return new TutorStanding(r.SchoolCode, r.StaffId,
            r.Training.Any(t => Known(t.RecordedAt, asOf) && DevelopmentRules.WithinYears(t.CompletedOn, kpiDate, rules.TrainingEveryYears)),
            latest is not null, latest?.Score,
            r.Concerns.Any(c => Known(c.RecordedAt, asOf) && c.RaisedOn >= year.DefaultStart && c.RaisedOn <= kpiDate));
    }

    /// <summary>The school's meetings per term started by the KPI date, in its calendar of the year (none without one).</summary>
    private async Task<IReadOnlyList<TermMeetings>> MeetingsAsync(string schoolCode, AcademicYear year, DateOnly asOf, DateOnly kpiDate, CancellationToken ct)
    {
        var calendar = await Get<IAcademicCalendar>().ForYearAsync(schoolCode, year.ToString(), ct);
        // The terms' windows are independent reads, each through a session of its own: read together.
        return await Task.WhenAll(TermWindows(year, calendar, asOf, kpiDate).Select(async w =>
            new TermMeetings(w.Term, await Get<IMeetingFigures>().WindowFiguresAsync(schoolCode, w.From, w.Until, w.HeldBy, ct))));
    }

    /// <summary>
    /// The school's meetings per term started by each day's KPI date, as known on each day's known-on date, from one read of
    /// its meetings and slots (docs/adr/0101): the keeper's walks.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<TermMeetings>>> DaysMeetingsAsync(string schoolCode, SchoolCalendar? calendar, IReadOnlyList<KpiDates> days,
        CancellationToken ct)
    {
        var windows = days.Select(d => TermWindows(d.Year, calendar, d.KnownOn, d.KpiDate)).ToList();
        var figures = await Get<IMeetingFigures>().WindowsFiguresAsync(schoolCode, [.. windows.SelectMany(w => w).Select(w => (w.From, w.Until, w.HeldBy))], ct);
        var (meetings, next) = (new List<IReadOnlyList<TermMeetings>>(days.Count), 0);
        foreach (var day in windows)
        {
            meetings.Add([.. day.Select((w, i) => new TermMeetings(w.Term, figures[next + i]))]);
            next += day.Count;
        }
        return meetings;
    }

    /// <summary>Each term started by the KPI date, in the term's order: its window up to the KPI date, and the start of the day after the known-on date.</summary>
    private static IReadOnlyList<(string Term, DateTimeOffset From, DateTimeOffset Until, DateTimeOffset HeldBy)> TermWindows(AcademicYear year, SchoolCalendar? calendar,
        DateOnly asOf, DateOnly kpiDate)
    {
        if (calendar is null) return [];
        var heldBy = StartOf(asOf.AddDays(1), calendar.TimeZone);
        return [.. calendar.Terms.Where(t => t.Start <= kpiDate).OrderBy(t => t.Start).Select(term => ($"{year}/{term.Name}", StartOf(term.Start, calendar.TimeZone),
            StartOf((term.End < kpiDate ? term.End : kpiDate).AddDays(1), calendar.TimeZone), heldBy))];
    }

    private static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static DateOnly UkDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Uk).DateTime);

    /// <summary>Looked up once, not per fact dated (every training, quiz and concern of every tutor, every survey figure).</summary>
    private static readonly TimeZoneInfo Uk = TimeZoneInfo.FindSystemTimeZoneById(GovernanceAccess.DefaultTimeZone);
}
