using Npgsql;
using PersonalTutoring.BuildingBlocks.Documents;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>
/// Idempotent DDL for the event tables, the projection bookkeeping, every registered document table and the tables
/// modules add with <see cref="EventStoreOptions.AddSchemaDdl"/>.
/// Table and column names follow Marten's so that a later move to Marten can adopt the data.
/// </summary>
public sealed class EventStoreSchema(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    // A constant key so concurrent hosts starting together migrate one at a time.
    private const long MigrationLockKey = 0x5054_4D49_4752_4154; // "PTMIGRAT"

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", ct);
        await Execute(connection, tx, EventTablesDdl(options.EventSchema), ct);
        foreach (var mapping in options.Documents.All)
            await Execute(connection, tx, mapping.CreateDdl(mapping.TableName), ct);
        foreach (var ddl in options.SchemaDdl)
            await Execute(connection, tx, ddl, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }

    internal static string EventTablesDdl(string schema) => $"""
        CREATE SCHEMA IF NOT EXISTS {schema};

        CREATE TABLE IF NOT EXISTS {schema}.mt_streams (
            id              text        PRIMARY KEY,
            type            varchar,
            version         bigint      NOT NULL,
            timestamp       timestamptz NOT NULL,
            created         timestamptz NOT NULL,
            tenant_id       varchar     NOT NULL DEFAULT '*DEFAULT*',
            is_archived     boolean     NOT NULL DEFAULT false
        );

        CREATE SEQUENCE IF NOT EXISTS {schema}.mt_events_sequence;

        CREATE TABLE IF NOT EXISTS {schema}.mt_events (
            seq_id          bigint      PRIMARY KEY,
            id              uuid        NOT NULL,
            stream_id       text        NOT NULL REFERENCES {schema}.mt_streams (id),
            version         bigint      NOT NULL,
            data            jsonb       NOT NULL,
            type            varchar     NOT NULL,
            timestamp       timestamptz NOT NULL,
            tenant_id       varchar     NOT NULL DEFAULT '*DEFAULT*',
            mt_dotnet_type  varchar,
            correlation_id  varchar,
            causation_id    varchar,
            headers         jsonb,
            user_name       varchar,
            is_archived     boolean     NOT NULL DEFAULT false,
            CONSTRAINT pk_mt_events_stream_and_version UNIQUE (stream_id, version)
        );
        CREATE UNIQUE INDEX IF NOT EXISTS mt_events_id ON {schema}.mt_events (id);
        CREATE INDEX IF NOT EXISTS mt_events_type_seq ON {schema}.mt_events (type, seq_id);

        CREATE TABLE IF NOT EXISTS {schema}.mt_event_progression (
            name            varchar     PRIMARY KEY,
            last_seq_id     bigint      NOT NULL DEFAULT 0,
            last_updated    timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE IF NOT EXISTS {schema}.mt_dead_letters (
            id              bigserial   PRIMARY KEY,
            projection_name varchar     NOT NULL,
            seq_id          bigint      NOT NULL,
            event_id        uuid        NOT NULL,
            event_type      varchar     NOT NULL,
            stream_id       text        NOT NULL,
            error_type      varchar     NOT NULL,
            error_message   text        NOT NULL,
            attempts        int         NOT NULL,
            dead_lettered_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (projection_name, seq_id)
        );
        """;
}
