using System.Diagnostics;
using Npgsql;
using PersonalTutoring.Bench.Infrastructure;

namespace PersonalTutoring.Bench.Scenarios;

/// <summary>
/// The KPI scenario's raw-PostgreSQL baseline: the documents and events one answer reads, selected by school (or all of
/// them for the university) through Npgsql and read to the end, no host, no arithmetic.
/// </summary>
internal sealed partial class KpiScenario
{
    /// <summary>The students who can count in the academic year now under way (its start year: seven months ago's calendar year).</summary>
    private const string CurrentYear = "(data ->> 'lastYear')::int >= extract(year from now() - interval '7 months')::int " +
        "AND (data ->> 'firstYear')::int <= extract(year from now() - interval '7 months')::int";

    private static readonly string[] SchoolReads =
    [
        // Allocation's KPI facts (docs/adr/0089): the school's students who can count in the current academic year, by
        // index; the answer's figures and the histories Contact asks for both come from these rows.
        "SELECT data FROM allocation.mt_doc_kpistudent WHERE data ->> 'schoolCode' = $1 AND " + CurrentYear,
        // The histories Contact asks for: the students of the year and the year before's leavers (docs/adr/0089).
        "SELECT data FROM allocation.mt_doc_kpistudent WHERE data ->> 'schoolCode' = $1 AND " + CurrentYear.Replace("'lastYear')::int >=", "'lastYear')::int + 1 >=", StringComparison.Ordinal),
        // Contact's KPI facts (docs/adr/0087): those students' rows of the current and the previous academic year, at
        // least what either row's year reads.
        "SELECT y.data FROM contact.mt_doc_contactyear y JOIN allocation.mt_doc_kpistudent v ON y.id IN (v.id || '/' || extract(year from now() - interval '7 months')::int, " +
            "v.id || '/' || (extract(year from now() - interval '7 months')::int - 1)) WHERE v.data ->> 'schoolCode' = $1 AND " +
            CurrentYear.Replace("'lastYear')::int >=", "'lastYear')::int + 1 >=", StringComparison.Ordinal).Replace("data", "v.data", StringComparison.Ordinal),
        "SELECT data FROM meetings.mt_doc_meetingview WHERE data ->> 'schoolCode' = $1",
        "SELECT data FROM meetings.mt_doc_slotview WHERE data ->> 'schoolCode' = $1",
        "SELECT data FROM governance.mt_doc_tutordevelopmentview WHERE data ->> 'schoolCode' = $1",
    ];

    /// <summary>The survey figures: the evaluation streams of the asked year (by stream id, as the answer fetches them).</summary>
    private const string SurveyRead = "SELECT data FROM {events}.mt_events WHERE stream_id = ANY($1)";

    private static async Task<LatencySummary> RawAsync(string connectionString, string? school, string[] surveyStreams, int count, CancellationToken ct)
    {
        await using var raw = NpgsqlDataSource.Create(connectionString);
        var events = await EventSchemaAsync(raw, ct);
        var samples = new long[count];
        for (var i = -1; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            foreach (var read in SchoolReads)
            {
                // The university reads every school's rows: the same statements with the school left open.
                var sql = read.Replace("{events}", events, StringComparison.Ordinal);
                await using var command = raw.CreateCommand(school is null ? sql.Replace("= $1", "IS NOT NULL", StringComparison.Ordinal) : sql);
                if (school is not null) command.Parameters.AddWithValue(school);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) _ = reader.GetString(0);
            }
            await using (var survey = raw.CreateCommand(SurveyRead.Replace("{events}", events, StringComparison.Ordinal)))
            {
                survey.Parameters.AddWithValue(surveyStreams);
                await using var reader = await survey.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) _ = reader.GetString(0);
            }
            if (i >= 0) samples[i] = Stopwatch.GetTimestamp() - start; // the first is a warm-up
        }
        return LatencySummary.From(samples);
    }

    /// <summary>Students of this year with a tutor, one per school at most a few, whom the traffic records contacts with: (student, school, tutor).</summary>
    private static async Task<IReadOnlyList<(string Student, string School, string Tutor)>> CurrentTuteesAsync(string connectionString, CancellationToken ct)
    {
        await using var raw = NpgsqlDataSource.Create(connectionString);
        await using var command = raw.CreateCommand("""
            SELECT data ->> 'studentId', data ->> 'schoolCode', data -> 'a' -> -1 ->> 't' FROM allocation.mt_doc_kpistudent
             WHERE (data ->> 'lastYear')::int = 9999 AND data -> 'a' -> -1 ->> 't' IS NOT NULL ORDER BY data ->> 'studentId' LIMIT 500
            """);
        var tutees = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tutees.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        if (tutees.Count == 0) throw new InvalidOperationException("The loaded university has no current tutee to record a contact with.");
        return [.. tutees.GroupBy(t => t.Item2).SelectMany(g => g.Take(4)).OrderBy(t => t.Item1, StringComparer.Ordinal)];
    }

    /// <summary>What a kept database's load wrote (--kpi-keep), or null when it holds no complete load.</summary>
    private static async Task<KpiLoad?> KeptLoadAsync(string connectionString, CancellationToken ct)
    {
        await using var raw = NpgsqlDataSource.Create(connectionString);
        await using var command = raw.CreateCommand("SELECT to_regclass('public.bench_kpi_load') IS NOT NULL");
        if (!(bool)(await command.ExecuteScalarAsync(ct))!) return null;
        await using var read = raw.CreateCommand("SELECT events, students, appending_s, catching_up_s, loaded_at FROM public.bench_kpi_load");
        await using var reader = await read.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new KpiLoad(reader.GetInt64(0), reader.GetInt32(1), TimeSpan.FromSeconds(reader.GetDouble(2)), TimeSpan.FromSeconds(reader.GetDouble(3)),
                reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    private static async Task KeepLoadAsync(string connectionString, KpiLoad load, CancellationToken ct)
    {
        await using var raw = NpgsqlDataSource.Create(connectionString);
        await using (var create = raw.CreateCommand("CREATE TABLE public.bench_kpi_load (events bigint, students int, appending_s float8, catching_up_s float8, loaded_at timestamptz)"))
            await create.ExecuteNonQueryAsync(ct);
        await using var command = raw.CreateCommand("INSERT INTO public.bench_kpi_load VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.AddWithValue(load.Events);
        command.Parameters.AddWithValue(load.StudentsEver);
        command.Parameters.AddWithValue(load.Appending.TotalSeconds);
        command.Parameters.AddWithValue(load.CatchingUp.TotalSeconds);
        command.Parameters.AddWithValue(load.LoadedAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string> EventSchemaAsync(NpgsqlDataSource raw, CancellationToken ct)
    {
        await using var command = raw.CreateCommand("SELECT table_schema FROM information_schema.tables WHERE table_name = 'mt_events' LIMIT 1");
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
