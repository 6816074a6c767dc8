using Microsoft.Extensions.Options;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Meetings.Shared;

/// <summary>
/// What the Meetings module asks of Allocation and Governance, in one place. Resolved per call, so the host starts
/// whatever order the modules register their queries in.
/// </summary>
internal sealed class MeetingsContext(IServiceProvider services, TimeProvider clock, IOptions<MeetingsSettings> settings)
{
    /// <summary>Where a school has no calendar for a year, times are still London's (ADR 0011).</summary>
    public const string DefaultTimeZoneId = "Europe/London";

    public IAllocationQueries Allocation => Get<IAllocationQueries>();
    public IStudentDirectory Students => Get<IStudentDirectory>();
    public IAcademicCalendar Calendar => Get<IAcademicCalendar>();
    public TimeProvider Clock => clock;
    public MeetingsSettings Settings => settings.Value;

    private T Get<T>() where T : notnull => (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered."));

    /// <summary>The calendars of every academic year from <paramref name="from"/> to <paramref name="to"/>, by year (null: none published).</summary>
    public async Task<IReadOnlyDictionary<AcademicYear, SchoolCalendar?>> CalendarsAsync(string schoolCode, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var calendars = new Dictionary<AcademicYear, SchoolCalendar?>();
        for (var year = AcademicYear.Containing(from); year.StartYear <= AcademicYear.Containing(to).StartYear; year = new AcademicYear(year.StartYear + 1))
            calendars[year] = await Calendar.ForYearAsync(schoolCode, year.ToString(), ct);
        return calendars;
    }
}
