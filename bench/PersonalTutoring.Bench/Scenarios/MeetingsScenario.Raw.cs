using System.Diagnostics;
using Npgsql;
using PersonalTutoring.Bench.Infrastructure;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>The raw-PostgreSQL baselines of the meetings scenario: the same reads and the booking's writes through Npgsql, no host.</summary>
internal sealed partial class MeetingsScenario
{
    private static async Task RawTablesAsync(NpgsqlDataSource raw, CancellationToken ct)
    {
        await using var command = raw.CreateCommand("""
            DROP SCHEMA IF EXISTS bench_raw CASCADE; CREATE SCHEMA bench_raw;
            CREATE TABLE bench_raw.slots AS SELECT id, data ->> 'tutorId' AS tutor_id, (data ->> 'startsAt')::timestamptz AS starts_at,
                (data ->> 'capacity')::int AS capacity, 0 AS booked, data FROM meetings.mt_doc_slotview;
            ALTER TABLE bench_raw.slots ADD PRIMARY KEY (id); CREATE INDEX ON bench_raw.slots (tutor_id, starts_at);
            CREATE TABLE bench_raw.bookings (id uuid PRIMARY KEY, slot_id text NOT NULL, student_id text NOT NULL, agenda text, booked_at timestamptz NOT NULL);
            ANALYZE bench_raw.slots;
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<BookingRun> RawRunAsync(NpgsqlDataSource raw, Queue<(string Student, string Tutor)> tutees, int count, CancellationToken ct)
    {
        var (list, book) = (new List<long>(), new List<long>());
        var booked = 0;
        var random = new Random(12);
        var (from, to) = (new DateTimeOffset(TermFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(TermTo.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        for (var i = 0; i < count; i++)
        {
            var (student, tutor) = tutees.Dequeue();
            var start = Stopwatch.GetTimestamp();
            var free = new List<string>();
            await using (var select = raw.CreateCommand("SELECT id, capacity - booked, data FROM bench_raw.slots WHERE tutor_id = $1 AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at"))
            {
                select.Parameters.AddWithValue(tutor);
                select.Parameters.AddWithValue(from);
                select.Parameters.AddWithValue(to);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    _ = reader.GetString(2);
                    if (reader.GetInt32(1) > 0) free.Add(reader.GetString(0));
                }
            }
            list.Add(Stopwatch.GetTimestamp() - start);

            start = Stopwatch.GetTimestamp();
            await using (var connection = await raw.OpenConnectionAsync(ct))
            await using (var transaction = await connection.BeginTransactionAsync(ct))
            {
                var slot = free[random.Next(free.Count)];
                await using var update = new NpgsqlCommand("UPDATE bench_raw.slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity", connection, transaction);
                update.Parameters.AddWithValue(slot);
                var updated = await update.ExecuteNonQueryAsync(ct);
                await using var insert = new NpgsqlCommand("INSERT INTO bench_raw.bookings VALUES ($1, $2, $3, $4, now())", connection, transaction);
                insert.Parameters.AddWithValue(Guid.NewGuid());
                insert.Parameters.AddWithValue(slot);
                insert.Parameters.AddWithValue(student);
                insert.Parameters.AddWithValue("Bench");
                await insert.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
                booked += updated;
            }
            book.Add(Stopwatch.GetTimestamp() - start);
        }
        return new BookingRun(LatencySummary.From([.. list]), LatencySummary.From([.. book]), booked, 0);
    }

    private static async Task<TimeSpan> RawMonitoringAsync(NpgsqlDataSource raw, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        foreach (var sql in new[]
                 {
                     $"SELECT data FROM allocation.mt_doc_studentview WHERE data -> 'record' ->> 'schoolCode' = '{MonitoringSchool}'",
                     $"SELECT data FROM meetings.mt_doc_meetingview WHERE data ->> 'schoolCode' = '{MonitoringSchool}' AND (data ->> 'startsAt')::timestamptz >= '2026-08-01' AND (data ->> 'startsAt')::timestamptz < '2027-08-01'",
                     $"SELECT data FROM meetings.mt_doc_slotview WHERE data ->> 'schoolCode' = '{MonitoringSchool}' AND (data ->> 'startsAt')::timestamptz >= '2027-01-11' AND (data ->> 'startsAt')::timestamptz < '2027-03-20'",
                 })
        {
            await using var command = raw.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) _ = reader.GetString(0);
        }
        return clock.Elapsed;
    }
}
