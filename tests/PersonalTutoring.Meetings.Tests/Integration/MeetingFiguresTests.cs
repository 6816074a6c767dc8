using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Meetings.Contracts;
using PersonalTutoring.Meetings.Tests.Support;
using static PersonalTutoring.Meetings.Tests.Support.ArrangedWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Integration;

/// <summary>
/// What Meetings tells the KPI report (<see cref="IMeetingFigures"/>): many windows from one read (the KPI keeper's walks,
/// docs/adr/0101) count as each window's own read does: windows of different spans and known-by instants over meetings
/// arranged, attended, booked and cancelled at different times.
/// </summary>
public sealed class MeetingFiguresTests(MeetingsApi api) : IClassFixture<MeetingsApi>
{
    /// <summary>On 1 October 2025, a tutor of the school and <paramref name="count"/> second-year tutees allocated since August.</summary>
    private (string Tutor, string[] Tutees) GivenTutees(string school, int count)
    {
        api.SetClock(London(2025, 10, 1, 9));
        var tutor = MeetingsApi.NewId("t");
        var tutees = Enumerable.Range(0, count).Select(_ => MeetingsApi.NewId("s")).ToArray();
        foreach (var tutee in tutees) api.Allocation.AddStudent(tutee, school, tutor, new DateOnly(2025, 8, 1), 2);
        return (tutor, tutees);
    }

    [Fact]
    public async Task Many_windows_from_one_read_count_as_each_windows_own_read_does()
    {
        var (tutor, tutees) = GivenTutees("MFG", 3);
        var first = await api.ArrangeAsync(tutor, London(2025, 10, 6, 11), tutees[0], tutees[1]);
        var slots = await api.PublishAsync(tutor, new DateOnly(2025, 11, 3), new TimeOnly(10, 0), length: 30, capacity: 2);
        await api.BookAsync(tutees[0], slots[0]);
        var dropped = await api.BookAsync(tutees[1], slots[0]);
        api.SetClock(London(2025, 10, 6, 12));
        await api.Tutor(tutor).PostJson($"/api/meetings/{first}/attendance", new
        {
            attendance = new object[] { new { studentId = tutees[0], attendance = "Attended" }, new { studentId = tutees[1], attendance = "Late" } },
        }).ShouldBe(HttpStatusCode.NoContent);
        api.SetClock(London(2025, 10, 20, 9));
        await api.ArrangeAsync(tutor, London(2025, 11, 10, 14), tutees[2]);
        await api.Student(tutees[1]).PostJson($"/api/slots/{slots[0]}/bookings/{dropped}/cancel", new { }).ShouldBe(HttpStatusCode.NoContent);
        api.SetClock(London(2025, 12, 20, 9));

        var figures = api.Services.GetRequiredService<IMeetingFigures>();
        (DateTimeOffset From, DateTimeOffset Until, DateTimeOffset HeldBy)[] windows =
        [
            (London(2025, 9, 29, 0), London(2025, 10, 7, 0), London(2025, 10, 7, 0)),
            (London(2025, 9, 29, 0), London(2025, 12, 13, 0), London(2025, 10, 7, 0)),
            (London(2025, 9, 29, 0), London(2025, 12, 13, 0), London(2025, 12, 20, 0)),
            (London(2025, 10, 7, 0), London(2025, 11, 20, 0), London(2025, 11, 4, 0)),
            (London(2025, 11, 4, 0), London(2025, 12, 13, 0), London(2025, 12, 20, 0)),
            (London(2026, 1, 12, 0), London(2026, 3, 28, 0), London(2026, 3, 28, 0)),
        ];
        var many = await figures.WindowsFiguresAsync("MFG", windows, CancellationToken.None);

        many.Should().HaveCount(windows.Length);
        for (var i = 0; i < windows.Length; i++)
            many[i].Should().Be(await figures.WindowFiguresAsync("MFG", windows[i].From, windows[i].Until, windows[i].HeldBy, CancellationToken.None),
                $"window {i} counts as its own read does");
        many[0].Should().Be(new MeetingWindowFigures(1, 2, 2, 0, 0, 0), "the first meeting, attended by both (one late); the slot is later");
        many[1].Should().Be(many[0], "a window counts what had started by its known-by instant");
        many[2].Should().Be(new MeetingWindowFigures(2, 3, 2, 1, 2, 1), "the whole term: both meetings, the slot, one booking left after a cancellation");
        many[3].Should().Be(new MeetingWindowFigures(0, 0, 0, 1, 2, 1), "to 4 November: the slot of 3 November");
        many[4].Should().Be(new MeetingWindowFigures(1, 1, 0, 0, 0, 0), "from 4 November: the second meeting, not held");
        many[5].Should().Be(new MeetingWindowFigures(0, 0, 0, 0, 0, 0), "nothing in the spring");
        (await figures.WindowsFiguresAsync("MFG", [], CancellationToken.None)).Should().BeEmpty();
    }

    /// <summary>
    /// The marks (docs/adr/0098, 0102): a window's text is the same whichever other untils are asked alongside, moves when a
    /// meeting or slot starting in it changes, and not when one starting after it does.
    /// </summary>
    [Fact]
    public async Task A_windows_marks_are_the_same_however_asked_and_move_only_with_what_starts_in_it()
    {
        var (tutor, tutees) = GivenTutees("MFM", 2);
        var october = await api.ArrangeAsync(tutor, London(2025, 10, 6, 11), tutees[0]);
        var slots = await api.PublishAsync(tutor, new DateOnly(2025, 11, 3), new TimeOnly(10, 0), length: 30, capacity: 2);
        var figures = api.Services.GetRequiredService<IMeetingFigures>();
        var (from, untils) = (London(2025, 9, 29, 0), new[] { London(2025, 10, 7, 0), London(2025, 11, 1, 0), London(2025, 11, 4, 0), London(2025, 12, 13, 0) });
        async Task<IReadOnlyList<string?>> MarksAsync() => (await figures.WindowChangesAsync([("MFM", from, untils)], CancellationToken.None))[0];

        var all = await MarksAsync();
        for (var i = 0; i < untils.Length; i++)
            (await figures.WindowChangesAsync([("MFM", from, [untils[i]]), ("OTHER", from, untils)], CancellationToken.None))[0][0]
                .Should().Be(all[i], $"until {untils[i]}, asked alone, as among others");
        all[0].Should().StartWith("1:", "the October meeting").And.Be(all[1], "nothing starts in October after it");
        all[2].Should().StartWith("2:", "and the slot of 3 November");
        var empty = (await figures.WindowChangesAsync([("MFM", from, [from])], CancellationToken.None))[0][0];
        empty.Should().Be("0:" + new string('0', 32), "an empty window");

        api.SetClock(London(2025, 10, 2, 9));
        await api.BookAsync(tutees[1], slots[0]);
        var booked = await MarksAsync();
        (booked[0], booked[1]).Should().Be((all[0], all[1]), "a booking of a November slot leaves the windows to October alone");
        booked[2].Should().NotBe(all[2], "and moves those holding the slot").And.StartWith("2:");
        booked[3].Should().NotBe(all[3]);

        api.SetClock(London(2025, 10, 6, 12));
        await api.Tutor(tutor).PostJson($"/api/meetings/{october}/attendance", new
        {
            attendance = new object[] { new { studentId = tutees[0], attendance = "Attended" } },
        }).ShouldBe(HttpStatusCode.NoContent);
        var attended = await MarksAsync();
        attended.Should().OnlyContain(m => !booked.Contains(m), "the October meeting's attendance moves every window holding it");
    }
}
