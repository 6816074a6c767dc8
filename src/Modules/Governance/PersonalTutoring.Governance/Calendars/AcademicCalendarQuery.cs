using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Calendars.ReadModels;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Calendars;

/// <summary>
/// The calendar query every module uses: a school's own calendar wins over the university's for the same year;
/// a year with neither has no terms, and only weekends are non-working days (ADR 0011). A singleton, so it reads
/// through a short query session of its own.
/// </summary>
internal sealed class AcademicCalendarQuery(IDocumentStore store) : IAcademicCalendar
{
    /// <summary>Covers the longest deadline anyone should ask for (about eight years of working days).</summary>
    public const int MaxWorkingDays = 2000;

    public async Task<SchoolCalendar?> ForYearAsync(string schoolCode, string academicYear, CancellationToken ct) =>
        AcademicYear.TryParse(academicYear, out var year) ? (await ForYearsAsync(schoolCode, [year], ct)).GetValueOrDefault(year) : null;

    /// <summary>Every school's and the university's calendar of the year, one round trip: each school's own wins.</summary>
    public async Task<IReadOnlyList<SchoolCalendar?>> ForYearAsync(IReadOnlyList<string> schoolCodes, string academicYear, CancellationToken ct)
    {
        if (!AcademicYear.TryParse(academicYear, out _)) return [.. schoolCodes.Select(_ => (SchoolCalendar?)null)];
        var university = AcademicCalendar.StreamId(null, academicYear);
        await using var session = store.QuerySession();
        var views = (await session.LoadManyAsync<CalendarView>(ct, [.. schoolCodes.Select(s => AcademicCalendar.StreamId(s, academicYear)).Append(university).Distinct()]))
            .ToDictionary(v => v.Id);
        return [.. schoolCodes.Select(s => (views.GetValueOrDefault(AcademicCalendar.StreamId(s, academicYear)) ?? views.GetValueOrDefault(university))?.ToSchoolCalendar())];
    }

    public Task<SchoolCalendar?> ForDateAsync(string schoolCode, DateOnly date, CancellationToken ct) =>
        ForYearAsync(schoolCode, AcademicYear.Containing(date).ToString(), ct);

    public async Task<DateTimeOffset> AddWorkingDaysAsync(string schoolCode, DateTimeOffset from, int workingDays, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workingDays, MaxWorkingDays);
        var first = AcademicYear.Containing(DateOnly.FromDateTime(from.UtcDateTime));
        // From the year before: near 1 August the local date may still be in the previous year.
        // A year has at least 365 - 106 weekend days - 100 closure days (the most a calendar may list) working days.
        var years = Enumerable.Range(first.StartYear - 1, workingDays / 150 + 3).Select(y => new AcademicYear(y)).ToList();
        var calendars = await ForYearsAsync(schoolCode, years, ct);
        // The time zone of the year the request starts in; Europe/London when that year has no calendar.
        var zone = calendars.GetValueOrDefault(first)?.TimeZone ?? TimeZoneInfo.FindSystemTimeZoneById(GovernanceAccess.DefaultTimeZone);
        return WorkingDays.Add(from, workingDays, zone, d => WorkingDays.IsWorkingDay(d, calendars.GetValueOrDefault(AcademicYear.Containing(d))));
    }

    /// <summary>One round trip for several years: the school's and the university's calendars, the school's winning.</summary>
    private async Task<Dictionary<AcademicYear, SchoolCalendar>> ForYearsAsync(string schoolCode, IReadOnlyCollection<AcademicYear> years, CancellationToken ct)
    {
        var ids = years.SelectMany(y => new[] { AcademicCalendar.StreamId(schoolCode, y.ToString()), AcademicCalendar.StreamId(null, y.ToString()) }).ToArray();
        await using var session = store.QuerySession();
        var views = (await session.LoadManyAsync<CalendarView>(ct, ids)).ToDictionary(v => v.Id);
        var result = new Dictionary<AcademicYear, SchoolCalendar>();
        foreach (var year in years)
            if ((views.GetValueOrDefault(AcademicCalendar.StreamId(schoolCode, year.ToString())) ?? views.GetValueOrDefault(AcademicCalendar.StreamId(null, year.ToString()))) is { } view)
                result[year] = view.ToSchoolCalendar();
        return result;
    }

    internal sealed record WorkingDaysAnswer(string SchoolCode, DateTimeOffset From, int WorkingDays, DateTimeOffset Due);

    /// <summary>The same question over HTTP, for clients that show deadlines ("reply due by", CO-11).</summary>
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/working-days", async (string schoolCode, DateTimeOffset? from, int? days,
                IAcademicCalendar calendar, ISchoolDirectory schools, TimeProvider clock, CancellationToken ct) =>
            {
                if (days is null or < 0 or > MaxWorkingDays) throw RequestValidationException.For("days", $"days is 0 to {MaxWorkingDays}.");
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                var start = from ?? clock.GetUtcNow();
                return Results.Ok(new WorkingDaysAnswer(schoolCode, start, days.Value, await calendar.AddWorkingDaysAsync(schoolCode, start, days.Value, ct)));
            })
            .RequireAuthorization(Policies.AnyRole)
            .WithName("GetWorkingDaysAfter")
            .WithSummary("The instant a number of working days after another in the school's calendar (weekends and closure days excluded).")
            .Produces<WorkingDaysAnswer>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
