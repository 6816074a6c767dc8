using System.Globalization;
using Marten;
using PersonalTutoring.Allocation.Queries;
using PersonalTutoring.Allocation.Students;

namespace PersonalTutoring.Allocation.ReadModels.StudentViews;

/// <summary>
/// <c>?asOf=</c>: the date an as-of read asks about, "who was the tutor on date X", answered on effective dates
/// (docs/adr/0041). Written <c>2025-10-01</c>; an instant (<c>2025-10-01T09:00:00Z</c>) stands for its UK date.
/// </summary>
internal readonly record struct AsOfDate(DateOnly Date)
{
    public static bool TryParse(string? text, IFormatProvider? provider, out AsOfDate value)
    {
        value = default;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) value = new AsOfDate(date);
        else if (RecordedAt.TryParse(text, provider, out var instant)) value = new AsOfDate(Dates.UkDate(instant.Instant));
        else return false;
        return true;
    }
}

/// <summary>
/// <c>?recordedAt=</c>: the instant an as-of read is answered at, "what did the system say at instant T": only the
/// events recorded by then count. An instant with its offset (<c>2025-10-01T09:00:00Z</c>); a bare date is ambiguous
/// (which moment of it?) and refused.
/// </summary>
internal readonly record struct RecordedAt(DateTimeOffset Instant)
{
    public static bool TryParse(string? text, IFormatProvider? provider, out RecordedAt value)
    {
        value = default;
        if (text is null || !text.Contains('T') || !(text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T'))) return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)) return false;
        value = new RecordedAt(instant);
        return true;
    }
}

/// <summary>The two as-of questions of AL-13 over student views, one answer for every as-of read (docs/adr/0041).</summary>
internal static class AsOfReads
{
    /// <summary>The date asked about: the one given, else the UK date of the instant asked at, else today.</summary>
    public static DateOnly DateOf(AsOfDate? asOf, RecordedAt? recordedAt, DateTimeOffset now) => asOf?.Date ?? Dates.UkDate(recordedAt?.Instant ?? now);

    /// <summary>The student as recorded by <paramref name="recordedAt"/>: the inline view, or a replay of the events recorded by then.</summary>
    public static async Task<StudentView?> StudentAsync(IQuerySession session, string studentId, RecordedAt? recordedAt, CancellationToken ct) =>
        recordedAt is { } at
            ? StudentViewProjection.Replay(await session.Events.FetchStreamAsync(Student.StreamId(studentId), timestamp: at.Instant, token: ct))
            : await session.LoadAsync<StudentView>(studentId, ct);

    /// <summary>The tutor's tutees on a date, as recorded by <paramref name="recordedAt"/>.</summary>
    public static async Task<IReadOnlyList<StudentView>> TuteesAsync(IQuerySession session, string tutorId, DateOnly date, RecordedAt? recordedAt, CancellationToken ct)
    {
        if (recordedAt is null) return await AllocationQueries.TuteeViewsAsync(session, tutorId, date, ct);
        // Everyone ever allocated to the tutor is among today's candidates: a student's list of tutors only grows.
        var candidates = await session.Query<StudentView>().Where(s => s.TutorIds.Contains(tutorId)).OrderBy(s => s.StudentId).ToListAsync(ct);
        var then = new List<StudentView>();
        foreach (var candidate in candidates)
            if (await StudentAsync(session, candidate.StudentId, recordedAt, ct) is { } view && view.TutorsOn(date).Contains(tutorId)) then.Add(view);
        return then;
    }
}
