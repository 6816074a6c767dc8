using PersonalTutoring.Governance.Calendars;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Tests.Unit;

/// <summary>ADR 0011: N working days after an instant, in the school's time zone (CO-11's "3 working days").</summary>
public sealed class WorkingDaysTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static SchoolCalendar Calendar(int startYear, params DateOnly[] closures) => new(
        null, new AcademicYear(startYear).ToString(), "Europe/London",
        [new Term("Autumn", new(startYear, 9, 22), new(startYear, 12, 12))],
        [new Semester(1, new(startYear, 9, 22), new(startYear + 1, 1, 23))],
        new(startYear, 9, 22), new(startYear, 10, 5), closures.ToHashSet());

    private static readonly SchoolCalendar Year2025 = Calendar(2025,
        new(2025, 12, 24), new(2025, 12, 25), new(2025, 12, 26), new(2025, 12, 29), new(2025, 12, 30), new(2025, 12, 31), new(2026, 1, 1), new(2026, 1, 2));

    private static readonly SchoolCalendar Year2026 = Calendar(2026, new DateOnly(2026, 8, 3));

    private static DateTimeOffset Add(DateTimeOffset from, int days, params SchoolCalendar[] calendars) =>
        WorkingDays.Add(from, days, London, d => WorkingDays.IsWorkingDay(d, calendars.FirstOrDefault(c => c.AcademicYear == AcademicYear.Containing(d).ToString())));

    private static DateTimeOffset Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    [Fact]
    public void Weekends_are_skipped() =>
        Add(Utc(2026, 11, 18, 14), 3, Year2026).Should().Be(Utc(2026, 11, 23, 14));

    [Fact]
    public void From_a_friday_one_working_day_is_monday_at_the_same_time() =>
        Add(Utc(2026, 11, 20, 10), 1, Year2026).Should().Be(Utc(2026, 11, 23, 10));

    [Fact]
    public void From_a_saturday_the_first_working_day_is_monday() =>
        Add(Utc(2026, 11, 21, 10), 1, Year2026).Should().Be(Utc(2026, 11, 23, 10));

    [Fact]
    public void Closure_days_are_skipped() =>
        Add(Utc(2025, 12, 23, 9), 1, Year2025).Should().Be(Utc(2026, 1, 5, 9));

    [Fact]
    public void Zero_working_days_is_the_same_instant() =>
        Add(Utc(2026, 11, 21, 10), 0, Year2026).Should().Be(Utc(2026, 11, 21, 10));

    [Fact]
    public void Counting_crosses_into_the_next_academic_year_and_uses_its_closure_days() =>
        // Thursday 30 July 2026 10:00 BST; Friday 31 July is the last day of 2025-26, 3 August is closed in 2026-27.
        Add(Utc(2026, 7, 30, 9), 2, Year2025, Year2026).Should().Be(Utc(2026, 8, 4, 9));

    [Fact]
    public void A_year_without_a_calendar_excludes_only_weekends() =>
        Add(Utc(2026, 7, 30, 9), 2, Year2025).Should().Be(Utc(2026, 8, 3, 9));

    [Fact]
    public void Across_the_change_to_BST_the_local_time_is_kept() =>
        // Friday 27 March 2026 10:00 GMT; clocks go forward on Sunday 29 March; Monday 10:00 BST is 09:00 UTC.
        Add(Utc(2026, 3, 27, 10), 1).Should().Be(Utc(2026, 3, 30, 9));

    [Fact]
    public void Across_the_change_to_GMT_the_local_time_is_kept() =>
        // Friday 23 October 2026 10:00 BST (09:00 UTC); clocks go back on Sunday 25 October; Monday 10:00 GMT.
        Add(Utc(2026, 10, 23, 9), 1).Should().Be(Utc(2026, 10, 26, 10));

    [Fact]
    public void Days_are_counted_from_the_local_date_not_the_UTC_date() =>
        // 23:30 UTC on Friday 5 June is 00:30 BST on Saturday: the next working day is Monday 00:30 BST.
        Add(Utc(2026, 6, 5, 23, 30), 1).Should().Be(Utc(2026, 6, 7, 23, 30));

    [Fact]
    public void A_local_time_skipped_by_the_clocks_moves_forward_an_hour() =>
        WorkingDays.AtLocal(new(2026, 3, 29), new(1, 30), London).Should().Be(Utc(2026, 3, 29, 1, 30));

    [Fact]
    public void A_local_time_that_happens_twice_takes_the_first() =>
        WorkingDays.AtLocal(new(2026, 10, 25), new(1, 30), London).Should().Be(Utc(2026, 10, 25, 0, 30));

    [Fact]
    public void Negative_working_days_are_refused() =>
        FluentActions.Invoking(() => Add(Utc(2026, 11, 20, 10), -1)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void The_calendar_answers_term_time_and_term_months()
    {
        Year2025.IsTermTime(new(2025, 10, 1)).Should().BeTrue();
        Year2025.IsTermTime(new(2025, 12, 20)).Should().BeFalse();
        Year2025.TermTimeMonths().Should().Equal(new DateOnly(2025, 9, 1), new(2025, 10, 1), new(2025, 11, 1), new(2025, 12, 1));
    }
}
