using Marten;
using Npgsql;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Contracts;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.ReadModels.Slots;

namespace PersonalTutoring.Meetings;

/// <summary>
/// <see cref="IMeetingFigures"/> from the inline meeting and slot views: only meetings arranged, slots held and bookings
/// made by <c>heldBy</c> count, so a meeting arranged later does not change a term's figures already reported. Attended
/// counts "attended" and "late" (the tutee came).
/// </summary>
internal sealed class MeetingFigures(IDocumentStore store) : IMeetingFigures
{
    public async Task<MeetingWindowFigures> WindowFiguresAsync(string schoolCode, DateTimeOffset from, DateTimeOffset until, DateTimeOffset heldBy, CancellationToken ct)
    {
        var (meetings, slots) = await ReadAsync(schoolCode, from, End(until, heldBy), heldBy, ct);
        return Count(meetings, slots, from, until, heldBy);
    }

    /// <summary>The school's meetings and slots across every window read once, each window counted over them as its own read counts.</summary>
    public async Task<IReadOnlyList<MeetingWindowFigures>> WindowsFiguresAsync(string schoolCode,
        IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until, DateTimeOffset HeldBy)> windows, CancellationToken ct)
    {
        if (windows.Count == 0) return [];
        var (meetings, slots) = await ReadAsync(schoolCode, windows.Min(w => w.From), windows.Max(w => End(w.Until, w.HeldBy)), windows.Max(w => w.HeldBy), ct);
        return [.. windows.Select(w => Count(meetings, slots, w.From, w.Until, w.HeldBy))];
    }

    /// <summary>A window ends when it does or when the known-by instant does, whichever is first: a meeting after that is not held by then.</summary>
    private static DateTimeOffset End(DateTimeOffset until, DateTimeOffset heldBy) => until < heldBy ? until : heldBy;

    /// <summary>The school's meetings arranged by <paramref name="heldBy"/> and slots not cancelled, starting in [from, end).</summary>
    private async Task<(IReadOnlyList<MeetingView> Meetings, IReadOnlyList<SlotView> Slots)> ReadAsync(string schoolCode, DateTimeOffset from, DateTimeOffset end,
        DateTimeOffset heldBy, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var meetings = await session.Query<MeetingView>()
            .Where(m => m.SchoolCode == schoolCode && m.StartsAt >= from && m.StartsAt < end && m.ArrangedAt <= heldBy).ToListAsync(ct);
        var slots = await session.Query<SlotView>()
            .Where(s => s.SchoolCode == schoolCode && s.StartsAt >= from && s.StartsAt < end && !s.Cancelled).ToListAsync(ct);
        return (meetings, slots);
    }

    /// <summary>One window's figures over meetings and slots read for it or for a span holding it.</summary>
    private static MeetingWindowFigures Count(IEnumerable<MeetingView> read, IEnumerable<SlotView> readSlots, DateTimeOffset from, DateTimeOffset until,
        DateTimeOffset heldBy)
    {
        var end = End(until, heldBy);
        var meetings = read.Where(m => m.StartsAt >= from && m.StartsAt < end && m.ArrangedAt <= heldBy).ToList();
        var slots = readSlots.Where(s => s.StartsAt >= from && s.StartsAt < end).ToList();
        return new MeetingWindowFigures(
            meetings.Count,
            meetings.Sum(m => m.Invitations.Count),
            meetings.Where(m => m.Held).Sum(m => m.Invitations.Count(i => i.Attendance is Attendance.Attended or Attendance.Late)),
            slots.Count,
            slots.Sum(s => s.Capacity),
            slots.Sum(s => s.Bookings.Count(b => b.BookedAt <= heldBy && (b.Status == BookingStatus.Booked || b.CancelledAt > heldBy))));
    }

    /// <summary>
    /// The views are inline (a command decides on them), so they keep no change ledger, whose rows every booking in a
    /// school would wait on: the mark is a digest of the versions of the rows themselves, which Marten (and the fold's
    /// writes) draw afresh on every write, read by the school's index in one statement (docs/adr/0098).
    /// </summary>
    public async Task<IReadOnlyList<string?>> WindowChangesAsync(IReadOnlyList<(string SchoolCode, DateTimeOffset From, DateTimeOffset Until)> windows,
        CancellationToken ct)
    {
        if (windows.Count == 0) return [];
        var meetings = store.Options.FindOrResolveDocumentType(typeof(MeetingView)).TableName.QualifiedName;
        var slots = store.Options.FindOrResolveDocumentType(typeof(SlotView)).TableName.QualifiedName;
        // The start as the views' index on it spells it (Marten's immutable cast, the same value as ::timestamptz), so each
        // window is found through both indexes, the school's and the start's, not through every row of the school.
        var startsAt = $"{store.Options.DatabaseSchemaName}.mt_immutable_timestamptz";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT w.i, count(v.id), coalesce(md5(string_agg(v.id || ':' || v.version, ',' ORDER BY v.id)), '')
              FROM unnest(@schools, @froms, @untils) WITH ORDINALITY AS w(school, start, until, i)
              LEFT JOIN LATERAL (
                    SELECT 'm' || m.id::text AS id, m.mt_version::text AS version FROM {meetings} m
                     WHERE m.data ->> 'schoolCode' = w.school AND {startsAt}(m.data ->> 'startsAt') >= w.start AND {startsAt}(m.data ->> 'startsAt') < w.until
                    UNION ALL
                    SELECT 's' || s.id::text, s.mt_version::text FROM {slots} s
                     WHERE s.data ->> 'schoolCode' = w.school AND {startsAt}(s.data ->> 'startsAt') >= w.start AND {startsAt}(s.data ->> 'startsAt') < w.until
                   ) v ON true
             GROUP BY w.i
            """, connection);
        command.Parameters.AddWithValue("schools", windows.Select(w => w.SchoolCode).ToArray());
        command.Parameters.AddWithValue("froms", windows.Select(w => w.From.ToUniversalTime()).ToArray());
        command.Parameters.AddWithValue("untils", windows.Select(w => w.Until.ToUniversalTime()).ToArray());
        var marks = new string?[windows.Count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) marks[reader.GetInt64(0) - 1] = $"{reader.GetInt64(1)}:{reader.GetString(2)}";
        return marks;
    }
}
