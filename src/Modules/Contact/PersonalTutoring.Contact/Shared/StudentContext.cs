using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Shared;

/// <summary>A term as an instant window in the school's time zone; <see cref="Until"/> is exclusive.</summary>
internal sealed record TermWindow(string Key, DateTimeOffset From, DateTimeOffset Until)
{
    public bool Contains(DateTimeOffset at) => at >= From && at < Until;
}

/// <summary>
/// What the Contact module asks of Allocation and Governance, in one place: who the student is, which policy and
/// calendar apply. Resolved per call, so the host starts even before the other modules register their queries.
/// </summary>
internal sealed class StudentContext(IServiceProvider services, TimeProvider clock)
{
    public IAllocationQueries Allocation => Get<IAllocationQueries>();
    public ITutoringPolicies Policies => Get<ITutoringPolicies>();
    public IAcademicCalendar Calendar => Get<IAcademicCalendar>();
    public TimeProvider Clock => clock;

    private T Get<T>() where T : notnull => (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered."));

    public async Task<StudentProfile> ProfileAsync(string studentId, CancellationToken ct) =>
        await Allocation.StudentAsync(studentId, ct) ?? throw new NotFoundException($"Student {studentId} is not known.");

    public async Task<TutoringPolicy> PolicyAsync(StudentProfile student, DateTimeOffset at, CancellationToken ct)
    {
        var calendar = await Calendar.ForDateAsync(student.SchoolCode, DateOnly.FromDateTime(at.UtcDateTime), ct);
        return await Policies.InForceAsync(student.SchoolCode, LocalDate(calendar, at), student.Level, ct);
    }

    /// <summary>The term containing an instant, as a window, or null outside term time or without a calendar.</summary>
    public async Task<TermWindow?> TermAtAsync(string schoolCode, DateTimeOffset at, CancellationToken ct)
    {
        var calendar = await Calendar.ForDateAsync(schoolCode, DateOnly.FromDateTime(at.UtcDateTime), ct);
        if (calendar is null) return null;
        var term = calendar.TermContaining(LocalDate(calendar, at));
        return term is null ? null : Window(calendar, term);
    }

    public static TermWindow Window(SchoolCalendar calendar, Term term) =>
        new(TermKey(calendar.AcademicYear, term.Name), StartOf(calendar, term.Start), StartOf(calendar, term.End.AddDays(1)));

    public static string TermKey(string academicYear, string termName) => $"{academicYear}/{termName}";

    public static DateOnly LocalDate(SchoolCalendar? calendar, DateTimeOffset at) =>
        DateOnly.FromDateTime(calendar is null ? at.UtcDateTime : TimeZoneInfo.ConvertTime(at, calendar.TimeZone).DateTime);

    public static DateTimeOffset StartOf(SchoolCalendar calendar, DateOnly date) => StartOf(calendar.TimeZone, date);

    /// <summary>The first instant of a date in a zone (a zone whose midnights always exist and are never repeated).</summary>
    public static DateTimeOffset StartOf(TimeZoneInfo zone, DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
