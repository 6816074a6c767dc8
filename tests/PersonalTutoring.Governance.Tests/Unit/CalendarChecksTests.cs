using PersonalTutoring.Governance.Calendars;
using PersonalTutoring.Governance.Calendars.Defining;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Tests.Unit;

/// <summary>Impossible calendars are refused with field errors (issue 3 quality bar, ADR 0011).</summary>
public sealed class CalendarChecksTests
{
    private static readonly AcademicYear Year = new(2026);

    private static DefineCalendar.Request Valid() => new(
        [new Term("Autumn", new(2026, 9, 28), new(2026, 12, 11)), new Term("Spring", new(2027, 1, 11), new(2027, 3, 19))],
        [new Semester(1, new(2026, 9, 28), new(2027, 1, 22)), new Semester(2, new(2027, 1, 25), new(2027, 6, 11))],
        new DateRange(new(2026, 9, 28), new(2026, 10, 11)),
        [new(2026, 12, 25), new(2027, 5, 3)],
        null);

    private static IEnumerable<string> Fields(DefineCalendar.Request r) => CalendarChecks.Errors(Year, r).Keys;

    [Fact]
    public void A_realistic_calendar_has_no_errors() => Fields(Valid()).Should().BeEmpty();

    [Fact]
    public void Overlapping_terms_are_refused() =>
        Fields(Valid() with { Terms = [new Term("Autumn", new(2026, 9, 28), new(2026, 12, 11)), new Term("Spring", new(2026, 12, 1), new(2027, 3, 19))] })
            .Should().Equal("Terms[1]");

    [Fact]
    public void A_term_ending_before_it_starts_is_refused() =>
        Fields(Valid() with { Terms = [new Term("Autumn", new(2026, 12, 11), new(2026, 9, 28))] }).Should().Equal("Terms[0]");

    [Fact]
    public void A_closure_day_outside_the_academic_year_is_refused() =>
        Fields(Valid() with { ClosureDays = [new(2026, 12, 25), new(2027, 8, 30)] }).Should().Equal("ClosureDays[1]");

    [Fact]
    public void A_term_outside_the_academic_year_is_refused() =>
        Fields(Valid() with { Terms = [new Term("Summer", new(2027, 6, 1), new(2027, 8, 15))] }).Should().Equal("Terms[0]");

    [Fact]
    public void An_unknown_time_zone_is_refused() => Fields(Valid() with { TimeZone = "Mars/Olympus" }).Should().Equal("TimeZone");

    [Fact]
    public void Two_semesters_with_one_number_are_refused() =>
        Fields(Valid() with { Semesters = [new Semester(1, new(2026, 9, 28), new(2027, 1, 22)), new Semester(1, new(2027, 1, 25), new(2027, 6, 11))] })
            .Should().Equal("Semesters[1].Number");

    [Fact]
    public void The_time_zone_defaults_to_London() => Valid().Content().TimeZoneId.Should().Be("Europe/London");
}
