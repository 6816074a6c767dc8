using JasperFx.CommandLine.Descriptions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Audit;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>The database was made by the event store this project used before Marten (pre-release: no migration).</summary>
public sealed class OldStoreDatabaseException(string message) : Exception(message);

/// <summary>
/// Creates or updates every table the host needs, Marten's and Wolverine's, explicitly and idempotently (the migrate
/// verb and start-up): the same resources <c>db-apply</c> / <c>resources setup</c> apply. A database made by the old
/// store is refused before anything is changed.
/// </summary>
public sealed class StoreSchema(IDocumentStore store, IServiceProvider services)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await RefuseOldStoreAsync(ct);
        foreach (var part in services.GetServices<ISystemPart>())
            foreach (var resource in await part.FindResources())
                await resource.Setup(ct);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await EventChainSchema.ApplyAsync(connection, store.Options.Events.DatabaseSchemaName, ct); // the tamper-evident history (ADR 0075)
        await using var keys = new NpgsqlCommand(SubjectKeys.Sql, connection); // per-subject data keys (ADR 0076)
        await keys.ExecuteNonQueryAsync(ct);
        await using var changes = new NpgsqlCommand(ReadModelChanges.Sql(store.Options.Events.DatabaseSchemaName), connection); // the change ledger (ADR 0098)
        await changes.ExecuteNonQueryAsync(ct);
    }

    private async Task RefuseOldStoreAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT to_regclass('events.mt_dead_letters') IS NOT NULL OR to_regclass('allocation.outbox_messages') IS NOT NULL", connection);
        if ((bool)(await command.ExecuteScalarAsync(ct))!)
            throw new OldStoreDatabaseException(
                "This database was created by the event store used before Marten (it has events.mt_dead_letters); pre-release there is no migration: point ConnectionStrings:Tutoring at a new database, or drop this one.");
    }
}
