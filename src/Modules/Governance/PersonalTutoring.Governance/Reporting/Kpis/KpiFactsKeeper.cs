using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>
/// Works out every school's facts for today and for yesterday, as known then, every
/// <see cref="KpiFactsSettings.RefreshMinutes"/> (docs/adr/0093): today's keep the university's overview at most a few
/// minutes old; yesterday's, once the daemon has caught up past midnight, serve "as of yesterday, as known then" for good;
/// the facts of the last day of each year a trend shows before this one, as known today, keep the university's trends as
/// fresh (docs/adr/0097) and answer "how did that year end?" (docs/adr/0100).
/// Then, while the daemon is caught up, it walks back over the earlier days of the years a trend shows, keeping up to
/// <see cref="KpiFactsSettings.BackfillDaysPerRun"/> days' worth of schools not kept yet, so that every closed day is
/// eventually a read: each school's days of a year from one read of its rows (docs/adr/0099). Then it walks this year's
/// days before today and those of the earlier years as known today, up to <see cref="KpiFactsSettings.KnownTodayDaysPerRun"/>
/// days' worth, keeping them while the school's marks of the day do not change and again when they do (docs/adr/0101, 0102).
/// Facts that still serve exactly (nothing appended since) are not worked out again. Once a day it deletes the kept facts
/// that can no longer serve (docs/adr/0103).
/// </summary>
internal sealed class KpiFactsKeeping(KpiSources sources, KpiFactsKept kept, KpiFactsSettings settings, TimeProvider clock, ILogger<KpiFactsKeeping> log)
{
    /// <summary>
    /// The day of the last prune of the kept facts (docs/adr/0103): the first run of each day, and of each process (a new
    /// basis comes with a deployment), deletes those that can no longer serve, after keeping yesterday's.
    /// </summary>
    private DateOnly? prunedOn;

    public async Task RefreshAsync(CancellationToken ct)
    {
        var today = GovernanceAccess.Today(clock);
        var yesterday = today.AddDays(-1);
        await sources.KeepEverySchoolAsync(Day(yesterday), ct);
        await sources.KeepEverySchoolAsync(Day(today), ct);
        // The trends' earlier years, each at its last day as known today (docs/adr/0097), with the operational figures
        // (docs/adr/0100): the university's trends are then at most a few minutes old, as its KPI answer is, and so is the
        // answer for an earlier year as it ended, the default question about a past year; a school's while its marks hold.
        for (var back = 1; back <= KpiTrends.PreviousYears; back++)
            await sources.KeepEverySchoolAsync(KpiTrends.YearDates(Day(today), back), ct);
        var mark = await kept.MarkAsync(ct);
        if (prunedOn != mark.UkToday)
        {
            var pruned = await kept.PruneAsync(mark, ct);
            prunedOn = mark.UkToday;
            log.LogInformation("Deleted {Count} kept KPI facts that can no longer serve (docs/adr/0103).", pruned);
        }
        if (!mark.CaughtUp) return;
        var schools = await sources.SchoolsAsync(ct);
        if (settings.BackfillDaysPerRun > 0) await WalkKnownThenAsync(schools, today, mark, ct);
        if (settings.KnownTodayDaysPerRun > 0) await WalkKnownTodayAsync(schools, today, mark, ct);
    }

    /// <summary>
    /// The closed days of the years a trend shows and this one, each as known then: kept for good (docs/adr/0093, 0099). The
    /// days kept are known from one query, not from this process's memory: a restart does not read them again, and a calendar
    /// or policy change or a rebuild, which forgets them, has them walked again. The run's work is counted in schools' days,
    /// the latest first: a day that only one school needs again (its policy changed) costs that school's share, and the days
    /// of every school are walked before earlier ones.
    /// </summary>
    private async Task WalkKnownThenAsync(IReadOnlyList<string> schools, DateOnly today, StoreMark mark, CancellationToken ct)
    {
        var closed = await kept.ClosedSchoolDaysAsync(schools, mark, ct);
        var earliest = new AcademicYear(AcademicYear.Containing(today).StartYear - KpiTrends.PreviousYears).DefaultStart;
        var budget = settings.BackfillDaysPerRun * Math.Max(1, schools.Count);
        var walk = new List<(string School, DateOnly Day)>();
        for (var day = today.AddDays(-2); day >= earliest && walk.Count < budget; day = day.AddDays(-1))
            walk.AddRange(schools.Where(school => !closed.Contains((school, day))).Select(school => (school, day)).Take(budget - walk.Count));
        // Each school's days of a year are worked out from one read of its rows (docs/adr/0099), the latest year first.
        foreach (var batch in walk.GroupBy(w => (w.School, Year: AcademicYear.Containing(w.Day))))
            await sources.KeepSchoolDaysAsync(batch.Key.School, batch.Key.Year, [.. batch.Select(w => w.Day)], ct);
    }

    /// <summary>
    /// Every day of this year before today and of the earlier years a trend shows, as known today: the API's default
    /// question about a past date (docs/adr/0101, 0102), kept as the latest facts of the day with the school's marks of the
    /// day. One query per year finds the days whose facts no longer serve or were never kept; those are walked again, this
    /// year first, the latest day first, each school's days of a year from one read of its rows.
    /// - An earlier year's marks are the same for every day of it: its days are walked again when the school's rows of that
    ///   year change (a late entry, an allocation change of a student continuing from it).
    /// - This year's marks of a day move with what is dated up to it (a contact recorded late, a meeting's attendance) and
    ///   with any change of the school's students of the year, not with a contact of today: yesterday and the days a late
    ///   entry reaches back to are walked again, not the year.
    /// </summary>
    private async Task WalkKnownTodayAsync(IReadOnlyList<string> schools, DateOnly today, StoreMark mark, CancellationToken ct)
    {
        var budget = settings.KnownTodayDaysPerRun * Math.Max(1, schools.Count);
        var walk = new List<(string School, AcademicYear Year, DateOnly Day)>();
        await foreach (var (year, days, served) in KnownTodayYearsAsync(schools, today, mark, ct))
        {
            walk.AddRange(days.Where(d => d.Changes is not null && !served.Contains((d.School, d.Day))).Select(d => (d.School, year, d.Day)).Take(budget - walk.Count));
            if (walk.Count >= budget) break;
        }
        foreach (var batch in walk.GroupBy(w => (w.School, w.Year)))
            await sources.KeepSchoolDaysKnownTodayAsync(batch.Key.School, batch.Key.Year, [.. batch.Select(w => w.Day)], ct);
    }

    /// <summary>
    /// The years the walk over days as known today covers, this one first: each with its days before today, the latest
    /// first, every school's with the school's marks of the day, and those whose kept facts serve them (one query a year).
    /// </summary>
    public async IAsyncEnumerable<(AcademicYear Year, IReadOnlyList<(string School, DateOnly Day, string? Changes)> Days, IReadOnlySet<(string School, DateOnly Day)> Served)>
        KnownTodayYearsAsync(IReadOnlyList<string> schools, DateOnly today, StoreMark mark, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var back = 0; back <= KpiTrends.PreviousYears; back++)
        {
            var year = new AcademicYear(AcademicYear.Containing(today).StartYear - back);
            var last = back == 0 ? today.AddDays(-1) : year.DefaultEnd;
            if (last < year.DefaultStart) continue;
            // An ended year's marks: one day's are every day's.
            var changes = await sources.KnownTodayChangesAsync(schools, year, back == 0 ? Days(year.DefaultStart, last) : [last], today, ct);
            List<(string School, DateOnly Day, string? Changes)> days = [.. Days(year.DefaultStart, last).AsEnumerable().Reverse()
                .SelectMany(day => schools.Select((school, i) => (school, day, changes[i][back == 0 ? day.DayNumber - year.DefaultStart.DayNumber : 0])))];
            yield return (year, days, await kept.KnownTodaySchoolDaysAsync(year, days, mark, ct));
        }
    }

    private static List<DateOnly> Days(DateOnly first, DateOnly last) =>
        [.. Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays)];

    private static KpiDates Day(DateOnly day) => new(AcademicYear.Containing(day), day, day);
}

/// <summary>Runs <see cref="KpiFactsKeeping"/> on a timer; a run that fails is logged and tried again at the next tick.</summary>
internal sealed class KpiFactsKeeper(IServiceProvider services, KpiFactsSettings settings, TimeProvider clock, ILogger<KpiFactsKeeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.RefreshMinutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.RefreshMinutes), clock);
        do
        {
            try
            {
                await services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The schools' KPI facts could not be kept; they are worked out on request until the next try in {Minutes} minutes.",
                    settings.RefreshMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
