using System.Globalization;
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
    /// writes) draw afresh on every write, read by the school's index in one statement (docs/adr/0098). The digest is the
    /// count of the rows and the sums (modulo 2^64) of two halves of each row's md5 of its id and version: it does not depend
    /// on order, so each school's rows are summed once per stretch between one until and the next, and a window's digest
    /// is the sum of the stretches before its until (docs/adr/0102).
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<string?>>> WindowChangesAsync(
        IReadOnlyList<(string SchoolCode, DateTimeOffset From, IReadOnlyList<DateTimeOffset> Untils)> windows, CancellationToken ct)
    {
        var asked = windows.Select(w => w.Untils.Select(u => u.ToUniversalTime()).Distinct().Order().ToArray()).ToList();
        var marks = windows.Select(w => (IReadOnlyList<string?>)new string?[w.Untils.Count]).ToList();
        if (asked.All(a => a.Length == 0)) return marks;
        var meetings = store.Options.FindOrResolveDocumentType(typeof(MeetingView)).TableName.QualifiedName;
        var slots = store.Options.FindOrResolveDocumentType(typeof(SlotView)).TableName.QualifiedName;
        // The start as the views' index on it spells it (Marten's immutable cast, the same value as ::timestamptz), so each
        // window is found through both indexes, the school's and the start's, not through every row of the school.
        var startsAt = $"{store.Options.DatabaseSchemaName}.mt_immutable_timestamptz";
        var flat = windows.SelectMany((w, i) => asked[i].Select(until => (Window: i + 1, w.SchoolCode, From: w.From.ToUniversalTime(), Until: until))).ToList();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // The row's stretch (width_bucket: how many of the window's untils are at or before its start): it counts in each
        // window whose until is after it, the stretch's number and up. A window of one until has one stretch, and its rows'
        // JSON is not read for the start (the index found them): most of the statement's time for a question's marks.
        string Stretch(string view) => $"CASE WHEN cardinality(w.untils) = 1 THEN 0 ELSE width_bucket({startsAt}({view}.data ->> 'startsAt'), w.untils) END";
        await using var command = new NpgsqlCommand($"""
            WITH w AS (
                SELECT i, min(school) AS school, min(start) AS start, array_agg(until ORDER BY until) AS untils
                  FROM unnest(@windows, @schools, @froms, @untils) AS a(i, school, start, until) GROUP BY i)
            SELECT w.i, v.k, count(*),
                   ((sum(('x' || substr(v.h, 1, 16))::bit(64)::bigint::numeric) % 18446744073709551616 + 18446744073709551616) % 18446744073709551616)::text,
                   ((sum(('x' || substr(v.h, 17, 16))::bit(64)::bigint::numeric) % 18446744073709551616 + 18446744073709551616) % 18446744073709551616)::text
              FROM w JOIN LATERAL (
                    SELECT {Stretch("m")} AS k, md5('m' || m.id::text || ':' || m.mt_version::text) AS h FROM {meetings} m
                     WHERE m.data ->> 'schoolCode' = w.school AND {startsAt}(m.data ->> 'startsAt') >= w.start
                       AND {startsAt}(m.data ->> 'startsAt') < w.untils[cardinality(w.untils)]
                    UNION ALL
                    SELECT {Stretch("s")}, md5('s' || s.id::text || ':' || s.mt_version::text) FROM {slots} s
                     WHERE s.data ->> 'schoolCode' = w.school AND {startsAt}(s.data ->> 'startsAt') >= w.start
                       AND {startsAt}(s.data ->> 'startsAt') < w.untils[cardinality(w.untils)]
                   ) v ON true
             GROUP BY w.i, 2
            """, connection);
        command.Parameters.AddWithValue("windows", flat.Select(f => f.Window).ToArray());
        command.Parameters.AddWithValue("schools", flat.Select(f => f.SchoolCode).ToArray());
        command.Parameters.AddWithValue("froms", flat.Select(f => f.From).ToArray());
        command.Parameters.AddWithValue("untils", flat.Select(f => f.Until).ToArray());
        var stretches = asked.Select(a => new Digest[a.Length]).ToList();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                stretches[reader.GetInt32(0) - 1][reader.GetInt32(1)] =
                    new Digest(reader.GetInt64(2), ulong.Parse(reader.GetString(3), CultureInfo.InvariantCulture), ulong.Parse(reader.GetString(4), CultureInfo.InvariantCulture));
        for (var i = 0; i < windows.Count; i++)
        {
            // Each until's digest: the stretches before it added up, in order.
            var (sum, at) = (default(Digest), new Dictionary<DateTimeOffset, string>());
            for (var k = 0; k < asked[i].Length; k++)
            {
                sum += stretches[i][k];
                at[asked[i][k]] = sum.ToString();
            }
            marks[i] = [.. windows[i].Untils.Select(u => (string?)at[u.ToUniversalTime()])];
        }
        return marks;
    }

    /// <summary>An order-free digest of rows: how many, and two sums of their hashes modulo 2^64.</summary>
    private readonly record struct Digest(long Count, ulong High, ulong Low)
    {
        public static Digest operator +(Digest a, Digest b) => new(a.Count + b.Count, unchecked(a.High + b.High), unchecked(a.Low + b.Low));

        public override string ToString() => $"{Count}:{High:x16}{Low:x16}";
    }
}
