using System.Text.Json.Serialization;
using Marten;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Calendars.ReadModels;
using PersonalTutoring.Governance.SchoolPolicies.ReadModels;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>
/// One school's <see cref="KpiFacts"/> for a KPI date as known on a date, kept after they were worked out (docs/adr/0093),
/// with what they were worked out from: the store's last event (<see cref="Sequence"/>), whether every async projection
/// had reached it (<see cref="CaughtUp"/>), whether the known-on day had ended (<see cref="Closed"/>: nothing recorded
/// later can count), and the last change of the school's calendars and policies and of the university's calendars
/// (<see cref="Configuration"/>: they are not filtered by when they were recorded; docs/adr/0096). Counts and staff ids
/// only, like the facts, which carry when they were read.
/// </summary>
internal sealed record KeptKpiFacts(
    string Id,
    string SchoolCode,
    string AcademicYear,
    DateOnly KpiDate,
    DateOnly KnownOn,
    string Basis,
    long Sequence,
    bool CaughtUp,
    bool Closed,
    long Configuration,
    KpiFacts Facts)
{
    /// <summary>
    /// Facts of the eleven KPIs only, without the operational figures (a trend's year, docs/adr/0097): they serve only a
    /// question about the KPIs. Facts kept before there were such facts have none, so they are the full facts.
    /// </summary>
    public bool KpisOnly { get; init; }

    /// <summary>
    /// What the facts were read from, per source (docs/adr/0098): the change marks of the school's rows of the year in
    /// every module the facts read, taken once the daemon had caught up, for facts read on their known-on day. While the
    /// marks are the same, the facts also serve "as known" on any later day. Null: no marks were taken.
    /// </summary>
    public string? Changes { get; init; }

    /// <summary>When the facts were read (kept facts always carry it).</summary>
    [JsonIgnore]
    public DateTimeOffset ReadAt => Facts.ReadAt!.Value;

    /// <summary>
    /// Changed whenever what the facts are worked out from changes in code (a KPI's definition, the university's default
    /// policy, a module's figures): kept facts of another basis are worked out again.
    /// </summary>
    public const string CurrentBasis = "2026-12-01.1";

    public static string IdFor(string schoolCode, string academicYear, DateOnly kpiDate, DateOnly knownOn, bool kpisOnly = false) =>
        $"{schoolCode}/{academicYear}/{kpiDate:yyyy-MM-dd}/{knownOn:yyyy-MM-dd}{(kpisOnly ? KpisOnlySuffix : "")}";

    /// <summary>Ends the id of facts of the KPIs only: the full facts of the same question keep the plain id.</summary>
    public const string KpisOnlySuffix = "/kpis";

    /// <summary>
    /// The id of the latest facts of a KPI date read with change marks as known on the day they were read (docs/adr/0098),
    /// kept beside the dated id: a question as known on a later day finds them here.
    /// </summary>
    public static string LatestIdFor(string schoolCode, string academicYear, DateOnly kpiDate, bool kpisOnly = false) =>
        $"{schoolCode}/{academicYear}/{kpiDate:yyyy-MM-dd}/{Latest}{(kpisOnly ? KpisOnlySuffix : "")}";

    public const string Latest = "latest";

    [JsonIgnore]
    public bool IsLatest => Id.EndsWith("/" + Latest, StringComparison.Ordinal) || Id.EndsWith("/" + Latest + KpisOnlySuffix, StringComparison.Ordinal);

    /// <summary>
    /// Facts read with change marks on their known-on day hold everything recorded by then: while the marks are the same,
    /// they are the facts as known on any later day too (docs/adr/0098). For a question about the KPIs only
    /// (<paramref name="kpisOnly"/>), full facts serve while the marks of what the KPIs read are the same: those come first
    /// in the marks of full facts (<see cref="KpiSources"/>' ChangesAsync), which add the operational sources' (docs/adr/0100).
    /// </summary>
    public bool ServesLaterDaysWhile(string? changes, StoreMark now, bool kpisOnly = false) =>
        Changes is not null && changes is not null
        && (Changes == changes || (kpisOnly && !KpisOnly && Changes.StartsWith(changes + "|", StringComparison.Ordinal)))
        && CaughtUp && now.CaughtUp && KnownOn == KpiSources.UkDate(ReadAt);
}

/// <summary>
/// Where the store stood when facts were read: its last event, the lowest checkpoint of the async projections, and the
/// last change of each school's calendars and policies (<paramref name="Schools"/>) and of the university's calendars
/// (<paramref name="University"/>), in microseconds since 1970.
/// </summary>
internal sealed record StoreMark(long Sequence, long AsyncFloor, IReadOnlyDictionary<string, long> Schools, long University, DateTimeOffset At)
{
    public bool CaughtUp => AsyncFloor >= Sequence;

    /// <summary>
    /// What a school's facts are worked out from besides the events (docs/adr/0096): its own calendars and policies and the
    /// university's calendars, which a school without a calendar of its own follows. Another school's change is not in it.
    /// </summary>
    public long ConfigurationOf(string schoolCode) => Math.Max(University, Schools.GetValueOrDefault(schoolCode));

    public DateOnly UkToday => KpiSources.UkDate(At);
}

/// <summary>
/// Keeps and serves <see cref="KeptKpiFacts"/> (docs/adr/0093). Kept facts serve a question when worked out on the
/// same basis and configuration and either (1) the known-on day had ended and the daemon had caught up (nothing can
/// change them), or (2) they were caught up and no event has been appended since (the same facts would be read again),
/// or (3), for the university's overview only, they are at most <see cref="KpiFactsSettings.OverviewFreshMinutes"/> old.
/// </summary>
internal sealed class KpiFactsKept(IDocumentStore store, ProjectionAdmin projections, KpiFactsSettings settings, TimeProvider clock)
    : IProjectionRebuilt
{
    /// <summary>The kept facts' table, for the queries over its duplicated columns.</summary>
    private string Table => store.Options.FindOrResolveDocumentType(typeof(KeptKpiFacts)).TableName.QualifiedName;

    public async Task<StoreMark> MarkAsync(CancellationToken ct)
    {
        var events = store.Options.Events.DatabaseSchemaName;
        var calendars = store.Options.FindOrResolveDocumentType(typeof(CalendarView)).TableName.QualifiedName;
        var policies = store.Options.FindOrResolveDocumentType(typeof(PolicyVersionsView)).TableName.QualifiedName;
        var shards = projections.AsyncShards.ToArray();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // The calendars and policies by school (none: the university's calendars), each with its last change; both tables hold
        // a row per school and year, a few hundred in all.
        await using var command = new NpgsqlCommand($"""
            SELECT (SELECT coalesce(max(seq_id), 0) FROM {events}.mt_events),
                   (SELECT CASE WHEN count(*) = cardinality(@shards) THEN coalesce(min(last_seq_id), 9223372036854775807) ELSE 0 END
                      FROM {events}.mt_event_progression WHERE name = ANY(@shards));
            SELECT school, (extract(epoch FROM max(modified)) * 1000000)::bigint
              FROM (SELECT data ->> 'schoolCode' AS school, mt_last_modified AS modified FROM {calendars}
                    UNION ALL SELECT data ->> 'schoolCode', mt_last_modified FROM {policies}) configuration
             GROUP BY school
            """, connection);
        command.Parameters.AddWithValue("shards", shards);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (sequence, floor) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var (schools, university) = (new Dictionary<string, long>(StringComparer.Ordinal), 0L);
        while (await reader.ReadAsync(ct))
        {
            if (reader.IsDBNull(0)) university = reader.GetInt64(1);
            else schools[reader.GetString(0)] = reader.GetInt64(1);
        }
        return new StoreMark(sequence, floor, schools, university, clock.GetUtcNow());
    }

    /// <summary>
    /// The kept facts of these schools for the dates that may serve the question (see the class). Facts read while the
    /// known-on day was still open, that still serve exactly after it ended, hold everything recorded that day: they are
    /// kept as closed from then on.
    /// </summary>
    /// <param name="kpisOnly">The question is about the eleven KPIs only (trends): facts of the KPIs only serve it too.</param>
    /// <param name="changes">
    /// For a question as known today: the change marks of the schools it is given (docs/adr/0098), asked for only if the
    /// other rules leave schools unserved; the marks asked for are returned, for the facts then worked out to keep.
    /// </param>
    public async Task<(IReadOnlyDictionary<string, KeptKpiFacts> Serving, IReadOnlyDictionary<string, string?> Changes)> ServingAsync(
        IReadOnlyList<string> schools, KpiDates d, StoreMark now, bool overview, CancellationToken ct, bool kpisOnly = false,
        Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, string?>>>? changes = null)
    {
        await using var session = store.LightweightSession();
        bool[] kinds = kpisOnly ? [false, true] : [false];
        var year = d.Year.ToString();
        var asKnownToday = changes is not null && d.KnownOn == now.UkToday && now.CaughtUp;
        var kept = await session.LoadManyAsync<KeptKpiFacts>(ct,
            [.. schools.SelectMany(s => kinds.SelectMany(only => asKnownToday
                ? new[] { KeptKpiFacts.IdFor(s, year, d.KpiDate, d.KnownOn, only), KeptKpiFacts.LatestIdFor(s, year, d.KpiDate, only) }
                : [KeptKpiFacts.IdFor(s, year, d.KpiDate, d.KnownOn, only)]))]);
        // The full facts first: of two that serve, either gives the KPIs.
        var serving = kept.Where(k => Serves(k, now, overview)).OrderBy(k => k.KpisOnly).DistinctBy(k => k.SchoolCode).ToDictionary(k => k.SchoolCode, StringComparer.Ordinal);
        IReadOnlyDictionary<string, string?> marks = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unserved = schools.Where(s => !serving.ContainsKey(s)).ToList();
        if (asKnownToday && unserved.Count > 0)
        {
            marks = await changes!(unserved);
            foreach (var k in kept.Where(k => !serving.ContainsKey(k.SchoolCode) && Current(k, now) && k.KnownOn <= d.KnownOn
                         && k.ServesLaterDaysWhile(marks.GetValueOrDefault(k.SchoolCode), now, kpisOnly)).OrderBy(k => k.KpisOnly))
                serving.TryAdd(k.SchoolCode, k);
        }
        var ended = serving.Values.Where(k => !k.IsLatest && !k.Closed && k.KnownOn < now.UkToday && k.CaughtUp && k.Sequence == now.Sequence).ToList();
        if (ended.Count > 0)
        {
            foreach (var k in ended) session.Store(k with { Closed = true });
            await session.SaveChangesAsync(ct);
        }
        // Served only by the overview's freshness: the answer says its figures may be behind.
        foreach (var k in serving.Values.Where(k => !ServesExactly(k, now) && !k.ServesLaterDaysWhile(marks.GetValueOrDefault(k.SchoolCode), now, kpisOnly)).ToList())
            serving[k.SchoolCode] = k with { Facts = k.Facts with { Current = false } };
        return (serving, marks);
    }

    /// <summary>On this basis and the school's configuration (what every rule asks first).</summary>
    private static bool Current(KeptKpiFacts kept, StoreMark now) =>
        kept.Basis == KeptKpiFacts.CurrentBasis && kept.Configuration == now.ConfigurationOf(kept.SchoolCode);

    /// <summary>
    /// The rules that need no change marks. The latest facts (<see cref="KeptKpiFacts.LatestIdFor"/>) are never closed,
    /// and are not the overview's: they serve a later day only while nothing has been appended, or by their marks.
    /// </summary>
    public bool Serves(KeptKpiFacts kept, StoreMark now, bool overview) =>
        ServesExactly(kept, now)
        || (Current(kept, now) && overview && !kept.IsLatest && settings.OverviewFreshMinutes > 0
            && now.At - kept.ReadAt <= TimeSpan.FromMinutes(settings.OverviewFreshMinutes));

    /// <summary>The first two rules: nothing the facts were read from can have changed since.</summary>
    private static bool ServesExactly(KeptKpiFacts kept, StoreMark now) =>
        Current(kept, now) && kept.CaughtUp && (kept.Closed || kept.Sequence == now.Sequence);

    /// <summary>
    /// Each of <paramref name="schools"/>'s days whose facts as of the day, as known then, are kept and serve for good at
    /// <paramref name="now"/> (closed, caught up, on this basis and the school's configuration: <see cref="Serves"/>'s first
    /// rule, spelt in SQL; change both together): one query over the documents' duplicated columns (ReportingRegistration),
    /// so that the keeper's walk passes them without reading them, after a restart too, and walks again the days a change
    /// forgets, for the schools it forgets them for (docs/adr/0096).
    /// </summary>
    public Task<IReadOnlySet<(string School, DateOnly Day)>> ClosedSchoolDaysAsync(IReadOnlyList<string> schools, StoreMark now, CancellationToken ct) =>
        KeptSchoolDaysAsync(schools, marked: null, now, "kept.kpi_date = kept.known_on AND kept.closed AND kept.id NOT LIKE @kpisOnly",
            new Dictionary<string, object> { ["kpisOnly"] = "%" + KeptKpiFacts.KpisOnlySuffix }, ct);

    /// <summary>
    /// Which of the given school-days of <paramref name="year"/> have latest facts (as known on the day they were read) that
    /// serve the day as known today while the school's marks of the day are the ones given (KpiSources.KnownTodayChangesAsync):
    /// <see cref="KeptKpiFacts.ServesLaterDaysWhile"/> with <see cref="Current"/>, spelt in SQL over the duplicated columns
    /// (change them together). Latest facts always were read on their known-on day (KeepAsync keeps marks only then). The
    /// keeper's walks over days as known today pass these (docs/adr/0101, 0102). A day given no marks is not served.
    /// </summary>
    public async Task<IReadOnlySet<(string School, DateOnly Day)>> KnownTodaySchoolDaysAsync(AcademicYear year,
        IReadOnlyList<(string School, DateOnly Day, string? Changes)> days, StoreMark now, CancellationToken ct)
    {
        var marked = days.Where(d => d.Changes is not null).ToList();
        if (!now.CaughtUp || marked.Count == 0) return new HashSet<(string, DateOnly)>();
        return await KeptSchoolDaysAsync([.. marked.Select(d => d.School).Distinct(StringComparer.Ordinal)], marked, now,
            "kept.id LIKE @latest AND kept.kpi_date BETWEEN @first AND @last AND kept.known_on <= @today",
            new Dictionary<string, object>
            {
                ["latest"] = "%/" + KeptKpiFacts.Latest, ["first"] = year.DefaultStart, ["last"] = year.DefaultEnd, ["today"] = now.UkToday,
            }, ct);
    }

    /// <summary>
    /// The schools' days whose kept facts <paramref name="where"/> picks among those on this basis, caught up and under the
    /// school's configuration at <paramref name="now"/> and, given <paramref name="marked"/>, only those days under those
    /// change marks: the keeper's walks' one query each, over the documents' duplicated columns (ReportingRegistration).
    /// </summary>
    private async Task<IReadOnlySet<(string School, DateOnly Day)>> KeptSchoolDaysAsync(IReadOnlyList<string> schools,
        IReadOnlyList<(string School, DateOnly Day, string? Changes)>? marked, StoreMark now, string where, IReadOnlyDictionary<string, object> parameters,
        CancellationToken ct)
    {
        var asked = marked is null ? "" : """

              JOIN unnest(@days_schools, @days, @changes) AS asked(code, day, changes)
                ON kept.school_code = asked.code AND kept.kpi_date = asked.day AND kept.changes = asked.changes
            """;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT DISTINCT kept.school_code, kept.kpi_date
              FROM {Table} kept JOIN unnest(@schools, @configurations) AS school(code, configuration)
                ON kept.school_code = school.code AND kept.configuration = school.configuration{asked}
             WHERE kept.basis = @basis AND kept.caught_up AND {where}
            """, connection);
        command.Parameters.AddWithValue("basis", KeptKpiFacts.CurrentBasis);
        command.Parameters.AddWithValue("schools", schools.ToArray());
        command.Parameters.AddWithValue("configurations", schools.Select(now.ConfigurationOf).ToArray());
        if (marked is not null)
        {
            command.Parameters.AddWithValue("days_schools", marked.Select(d => d.School).ToArray());
            command.Parameters.AddWithValue("days", marked.Select(d => d.Day).ToArray());
            command.Parameters.AddWithValue("changes", marked.Select(d => d.Changes!).ToArray());
        }
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var days = new HashSet<(string, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) days.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1)));
        return days;
    }

    /// <summary>
    /// Keeps facts read after <paramref name="before"/> was taken (so they hold at least what it says); with
    /// <paramref name="kpisOnly"/>, facts of the eleven KPIs only, kept beside the full facts of the same question.
    /// </summary>
    /// <param name="changes">The schools' change marks taken after <paramref name="before"/> (docs/adr/0098), if any: facts
    /// with marks, as known on the day they were read, are kept as the latest too (<see cref="KeptKpiFacts.LatestIdFor"/>).</param>
    public Task KeepAsync(IEnumerable<(string SchoolCode, KpiFacts Facts)> schools, KpiDates d, StoreMark before, CancellationToken ct, bool kpisOnly = false,
        IReadOnlyDictionary<string, string?>? changes = null) =>
        KeepAsync(schools.Select(s => (s.SchoolCode, d, s.Facts, changes?.GetValueOrDefault(s.SchoolCode))), before, ct, kpisOnly);

    /// <summary>
    /// Keeps facts of any schools and dates read after <paramref name="before"/> was taken, each with its school's change
    /// marks of its date if any (as above), in one transaction; with <paramref name="latestOnly"/>, facts with marks only as
    /// the latest (the walks over days as known today, docs/adr/0101, 0102: each run on a later day would otherwise keep a
    /// dated copy of every day walked again).
    /// </summary>
    public async Task KeepAsync(IEnumerable<(string SchoolCode, KpiDates Dates, KpiFacts Facts, string? Changes)> read, StoreMark before, CancellationToken ct,
        bool kpisOnly = false, bool latestOnly = false)
    {
        await using var session = store.LightweightSession();
        foreach (var (school, d, facts, changes) in read)
        {
            var year = d.Year.ToString();
            var marks = before.CaughtUp && d.KnownOn == before.UkToday ? changes : null;
            var keeping = new KeptKpiFacts(KeptKpiFacts.IdFor(school, year, d.KpiDate, d.KnownOn, kpisOnly), school, year, d.KpiDate,
                d.KnownOn, KeptKpiFacts.CurrentBasis, before.Sequence, before.CaughtUp, d.KnownOn < before.UkToday, before.ConfigurationOf(school),
                facts with { ReadAt = before.At })
            { KpisOnly = kpisOnly, Changes = marks };
            if (!latestOnly || marks is null) session.Store(keeping);
            if (marks is not null) session.Store(keeping with { Id = KeptKpiFacts.LatestIdFor(school, year, d.KpiDate, kpisOnly) });
        }
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Deletes the kept facts that no rule can serve again at <paramref name="now"/> (docs/adr/0103), in one statement over
    /// the duplicated columns; how many were deleted. Kept facts are only ever a faster way to the same answer, so deleting
    /// one is always safe: these are the ones nothing would read again.
    /// - Another basis or another configuration of the school than <paramref name="now"/>'s: <see cref="Current"/> fails,
    ///   and the basis only moves on and a configuration mark with every change.
    /// - Dated facts (not the latest) of a known-on day before today that are not caught up, or that are not closed and
    ///   older than the store's last event: they are not closed now and never can be (<see cref="ServingAsync"/> closes only
    ///   facts with nothing appended since), so <see cref="ServesExactly"/> fails for good. These are what would otherwise
    ///   pile up: the keeper's facts of the trends' year ends as known each day, and each date asked as known today on the
    ///   day it was asked (the latest facts, kept beside them, serve later days). The overview's grace of a few minutes for
    ///   facts read just before midnight is all that is given up.
    /// Closed days and the latest facts are kept whatever their year: they serve for as long as nothing forgets them, and
    /// they grow with the history, not with the questions.
    /// </summary>
    public async Task<int> PruneAsync(StoreMark now, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // Each school's configuration is StoreMark.ConfigurationOf's; a school the mark does not name follows the university's.
        await using var command = new NpgsqlCommand($"""
            DELETE FROM {Table} kept
             WHERE kept.basis <> @basis
                OR kept.configuration <> coalesce(
                       (SELECT school.configuration FROM unnest(@schools, @configurations) AS school(code, configuration)
                         WHERE school.code = kept.school_code), @university)
                OR (kept.known_on < @today AND kept.id NOT LIKE @latest AND kept.id NOT LIKE @latestKpisOnly
                    AND (NOT kept.caught_up OR (NOT kept.closed AND (kept.data ->> 'sequence')::bigint < @sequence)))
            """, connection);
        command.Parameters.AddWithValue("basis", KeptKpiFacts.CurrentBasis);
        command.Parameters.AddWithValue("university", now.University);
        var schools = now.Schools.Keys.ToArray();
        command.Parameters.AddWithValue("schools", schools);
        command.Parameters.AddWithValue("configurations", schools.Select(now.ConfigurationOf).ToArray());
        command.Parameters.AddWithValue("today", now.UkToday);
        command.Parameters.AddWithValue("latest", "%/" + KeptKpiFacts.Latest);
        command.Parameters.AddWithValue("latestKpisOnly", "%/" + KeptKpiFacts.Latest + KeptKpiFacts.KpisOnlySuffix);
        command.Parameters.AddWithValue("sequence", now.Sequence);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A rebuilt projection may have corrected what the kept facts were read from: they are all worked out again.</summary>
    public async Task RebuiltAsync(string projection, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<KeptKpiFacts>(k => k.Id != null);
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>The <c>Governance:KpiFacts</c> section (docs/adr/0093).</summary>
internal sealed class KpiFactsSettings
{
    public const string Section = "Governance:KpiFacts";

    /// <summary>How often the keeper works out today's and yesterday's facts of every school; 0 turns it off.</summary>
    public double RefreshMinutes { get; set; } = 4;

    /// <summary>
    /// How many earlier closed days' worth of work (as of each day, as known then; a day of every school) a run of the
    /// keeper does, walking back from yesterday to the first of the years a trend shows: a day that only some schools need
    /// again (after one school's policy changed) costs those schools' share (docs/adr/0096). Each school's days of a year
    /// are worked out from one read of its rows (docs/adr/0099): at the bench's size a month of term days of every school
    /// costs less than five days did one by one (docs/performance.md). 0 turns the walk off.
    /// </summary>
    public int BackfillDaysPerRun { get; set; } = 30;

    /// <summary>
    /// How many days' worth of every school's facts as known today a run of the keeper keeps or keeps again (their marks
    /// moved), this year's days before today first, then the earlier years a trend shows, the latest first, while the
    /// projections are caught up (docs/adr/0101, 0102); 0 turns this walk off.
    /// </summary>
    public int KnownTodayDaysPerRun { get; set; } = 30;

    /// <summary>How old kept facts the university's overview may show (its answer says when they were read); 0: exact only.</summary>
    public double OverviewFreshMinutes { get; set; } = 5;
}
