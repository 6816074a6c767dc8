using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.TestKit;

namespace PersonalTutoring.BuildingBlocks.Tests.Integration;

/// <summary>A module's own relational tables (EventStoreOptions.AddSchemaDdl): created at migration, written in a session's transaction.</summary>
public sealed class ModuleTableTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS ledger;
        CREATE TABLE IF NOT EXISTS ledger.receipts (id text PRIMARY KEY, account text NOT NULL);
        CREATE INDEX IF NOT EXISTS receipts_account ON ledger.receipts (account);
        """;

    private Task<EventStoreHarness> Harness() =>
        EventStoreHarness.StartAsync(db.ConnectionString, o => Ledgers.Configure(o.AddSchemaDdl(Ddl)), runDaemon: false);

    [Fact]
    public async Task A_module_table_is_created_at_migration_and_migrating_again_keeps_its_rows()
    {
        await using var h = await Harness();
        var id = $"r-{Guid.NewGuid():N}";
        await using (var session = h.Store.OpenSession())
        {
            session.Enlist((operations, ct) => InsertReceipt(operations, id, ct));
            await session.SaveChangesAsync();
        }

        await h.Services.GetRequiredService<EventStoreSchema>().MigrateAsync();
        await using var again = await Harness();

        (await Receipts(id)).Should().Be(1);
    }

    [Fact]
    public async Task A_failing_write_to_a_module_table_rolls_back_the_sessions_events()
    {
        await using var h = await Harness();
        var id = $"r-{Guid.NewGuid():N}";
        await using (var first = h.Store.OpenSession())
        {
            first.Enlist((operations, ct) => InsertReceipt(operations, id, ct));
            await first.SaveChangesAsync();
        }

        var stream = $"acct-{Guid.NewGuid():N}";
        await using var again = h.Store.OpenSession();
        again.StartStream(stream, "account", new Deposited(stream, 5));
        again.Enlist((operations, ct) => InsertReceipt(operations, id, ct));
        var save = () => again.SaveChangesAsync();

        (await save.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        (await h.Store.FetchStreamAsync(stream)).Should().BeEmpty();
        (await Receipts(id)).Should().Be(1);
    }

    private static async Task InsertReceipt(DocumentOperations operations, string id, CancellationToken ct)
    {
        await using var insert = operations.Command("INSERT INTO ledger.receipts (id, account) VALUES (@id, 'a')");
        insert.Parameters.AddWithValue("id", id);
        await insert.ExecuteNonQueryAsync(ct);
    }

    private async Task<long> Receipts(string id)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM ledger.receipts WHERE id = @id", connection);
        count.Parameters.AddWithValue("id", id);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
