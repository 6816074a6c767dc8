using System.Diagnostics;
using Npgsql;

namespace PersonalTutoring.Api.Tests;

/// <summary>The executable's verbs, run as a person runs them: a child process on a database of its own.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestPostgres.CreateDatabaseAsync(nameof(CliTests));

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Migrate_creates_martens_and_wolverines_tables()
    {
        var run = await Cli("migrate");

        run.ExitCode.Should().Be(0, run.Output);
        var tables = await Tables();
        tables.Should().Contain(["events.mt_events", "events.mt_streams", "events.mt_event_progression", "governance.mt_doc_schoolview",
            "wolverine.wolverine_incoming_envelopes", "wolverine.wolverine_dead_letters"]);
    }

    [Fact]
    public async Task Migrate_on_a_database_of_the_old_store_stops_with_one_line_and_changes_nothing()
    {
        await Sql("CREATE SCHEMA events; CREATE TABLE events.mt_dead_letters (id bigint)");

        var run = await Cli("migrate");

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain("before Marten").And.Contain("ConnectionStrings:Tutoring");
        (await Tables()).Should().Equal("events.mt_dead_letters");
    }

    [Fact]
    public async Task Rebuild_replays_a_projection_and_ends_with_it_running()
    {
        var run = await Cli("rebuild", "--projection", "governance-schools");

        run.ExitCode.Should().Be(0, run.Output + run.Error);
        run.Output.Should().Contain("governance-schools: rebuilt");
    }

    [Fact]
    public async Task An_unknown_projection_is_named_in_the_answer()
    {
        var run = await Cli("dead-letters", "--projection", "nope");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("No projection is named 'nope'");
    }

    [Fact]
    public async Task The_critter_stack_verbs_run_through_the_same_executable()
    {
        (await Cli("migrate")).ExitCode.Should().Be(0);

        var assert = await Cli("db-assert");

        assert.ExitCode.Should().Be(0, assert.Output + assert.Error);
    }

    private async Task<(int ExitCode, string Output, string Error)> Cli(params string[] args)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "PersonalTutoring.Host.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(host);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ConnectionStrings__Tutoring"] = db.ConnectionString;
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private async Task<List<string>> Tables()
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
