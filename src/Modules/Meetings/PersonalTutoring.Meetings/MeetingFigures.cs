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
        var end = until < heldBy ? until : heldBy;
        await using var session = store.QuerySession();
        var meetings = await session.Query<MeetingView>()
            .Where(m => m.SchoolCode == schoolCode && m.StartsAt >= from && m.StartsAt < end && m.ArrangedAt <= heldBy).ToListAsync(ct);
        var slots = await session.Query<SlotView>()
            .Where(s => s.SchoolCode == schoolCode && s.StartsAt >= from && s.StartsAt < end && !s.Cancelled).ToListAsync(ct);
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
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT w.i, count(v.id), coalesce(md5(string_agg(v.id || ':' || v.version, ',' ORDER BY v.id)), '')
              FROM unnest(@schools, @froms, @untils) WITH ORDINALITY AS w(school, start, until, i)
              LEFT JOIN LATERAL (
                    SELECT 'm' || m.id::text AS id, m.mt_version::text AS version FROM {meetings} m
                     WHERE m.data ->> 'schoolCode' = w.school AND (m.data ->> 'startsAt')::timestamptz >= w.start AND (m.data ->> 'startsAt')::timestamptz < w.until
                    UNION ALL
                    SELECT 's' || s.id::text, s.mt_version::text FROM {slots} s
                     WHERE s.data ->> 'schoolCode' = w.school AND (s.data ->> 'startsAt')::timestamptz >= w.start AND (s.data ->> 'startsAt')::timestamptz < w.until
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
