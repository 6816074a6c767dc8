using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Audit;

/// <summary>
/// The tables, functions and trigger of the tamper-evident history (docs/adr/0075). Every event Marten inserts is
/// hashed in its own append transaction by a row trigger, the hash chained to the previous event of the same stream
/// (whose row the append already serialises on, so no new lock is taken); the sealer then links every hash into one
/// chain in sequence order behind the daemon's high-water mark. Idempotent: applied by the migrate step.
/// </summary>
/// <remarks>
/// The hash input is length-prefixed so that no two events can be spelled alike: each text or byte field is its
/// length as a 4-byte big-endian integer (-1 for null) followed by its UTF-8 bytes; numbers are 8-byte big-endian;
/// the time is microseconds since 1970. <see cref="EventChainHash"/> is the same formula, computed apart from the
/// database so that a rewritten function cannot vouch for itself.
/// </remarks>
public static class EventChainSchema
{
    public static string Sql(string schema) => $$"""
        CREATE TABLE IF NOT EXISTS {{schema}}.pt_event_hashes (
            seq_id bigint PRIMARY KEY,
            stream_id varchar NOT NULL,
            version bigint NOT NULL,
            hash bytea NOT NULL);
        CREATE TABLE IF NOT EXISTS {{schema}}.pt_event_chain (
            seq_id bigint PRIMARY KEY,
            chain_hash bytea NOT NULL);

        CREATE OR REPLACE FUNCTION {{schema}}.pt_hash_field(value bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS
        $f$ SELECT CASE WHEN value IS NULL THEN int4send(-1) ELSE int4send(length(value)) || value END $f$;

        CREATE OR REPLACE FUNCTION {{schema}}.pt_event_hash(previous bytea, seq bigint, stream varchar, version bigint, type varchar,
            data jsonb, bdata bytea, headers jsonb, correlation varchar, causation varchar, user_name varchar, at timestamptz)
        RETURNS bytea LANGUAGE sql STABLE AS
        $f$ SELECT sha256(
              {{schema}}.pt_hash_field(previous) || int8send(seq) || {{schema}}.pt_hash_field(convert_to(stream, 'UTF8')) || int8send(version)
              || {{schema}}.pt_hash_field(convert_to(type, 'UTF8')) || {{schema}}.pt_hash_field(convert_to(data::text, 'UTF8'))
              || {{schema}}.pt_hash_field(bdata) || {{schema}}.pt_hash_field(convert_to(headers::text, 'UTF8'))
              || {{schema}}.pt_hash_field(convert_to(correlation, 'UTF8')) || {{schema}}.pt_hash_field(convert_to(causation, 'UTF8'))
              || {{schema}}.pt_hash_field(convert_to(user_name, 'UTF8'))
              || int8send((extract(epoch FROM at) * 1000000)::bigint)) $f$;

        CREATE OR REPLACE FUNCTION {{schema}}.pt_hash_event() RETURNS trigger LANGUAGE plpgsql AS
        $f$
        DECLARE previous bytea;
        BEGIN
            -- The stream's previous event through Marten's own (stream_id, version) index: one index less to write here.
            SELECT h.hash INTO previous FROM {{schema}}.mt_events p JOIN {{schema}}.pt_event_hashes h ON h.seq_id = p.seq_id
            WHERE p.stream_id = NEW.stream_id AND p.version = NEW.version - 1;
            INSERT INTO {{schema}}.pt_event_hashes (seq_id, stream_id, version, hash)
            VALUES (NEW.seq_id, NEW.stream_id, NEW.version, {{schema}}.pt_event_hash(previous, NEW.seq_id, NEW.stream_id, NEW.version,
                NEW.type, NEW.data, NEW.bdata, NEW.headers, NEW.correlation_id, NEW.causation_id, NEW.user_name, NEW.timestamp));
            RETURN NULL;
        END
        $f$;

        CREATE OR REPLACE TRIGGER pt_hash_event AFTER INSERT ON {{schema}}.mt_events
            FOR EACH ROW EXECUTE FUNCTION {{schema}}.pt_hash_event();

        CREATE OR REPLACE FUNCTION {{schema}}.pt_backfill_event_hashes() RETURNS int LANGUAGE plpgsql AS
        $f$
        DECLARE r record; previous bytea; hashed int := 0;
        BEGIN
            FOR r IN SELECT e.* FROM {{schema}}.mt_events e
                     WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.pt_event_hashes h WHERE h.seq_id = e.seq_id) ORDER BY e.seq_id LOOP
                SELECT h.hash INTO previous FROM {{schema}}.mt_events p JOIN {{schema}}.pt_event_hashes h ON h.seq_id = p.seq_id
                WHERE p.stream_id = r.stream_id AND p.version = r.version - 1;
                INSERT INTO {{schema}}.pt_event_hashes (seq_id, stream_id, version, hash)
                VALUES (r.seq_id, r.stream_id, r.version, {{schema}}.pt_event_hash(previous, r.seq_id, r.stream_id, r.version,
                    r.type, r.data, r.bdata, r.headers, r.correlation_id, r.causation_id, r.user_name, r.timestamp));
                hashed := hashed + 1;
            END LOOP;
            RETURN hashed;
        END
        $f$;

        CREATE OR REPLACE FUNCTION {{schema}}.pt_seal_event_chain(upto bigint, max_rows int) RETURNS int LANGUAGE plpgsql AS
        $f$
        DECLARE last_seq bigint; last_hash bytea; r record; sealed int := 0;
        BEGIN
            IF NOT pg_try_advisory_xact_lock(hashtext('{{schema}}.pt_event_chain')) THEN RETURN -1; END IF;
            SELECT seq_id, chain_hash INTO last_seq, last_hash FROM {{schema}}.pt_event_chain ORDER BY seq_id DESC LIMIT 1;
            FOR r IN SELECT seq_id, hash FROM {{schema}}.pt_event_hashes
                     WHERE seq_id > coalesce(last_seq, 0) AND seq_id <= upto ORDER BY seq_id LIMIT max_rows LOOP
                last_hash := sha256({{schema}}.pt_hash_field(last_hash) || int8send(r.seq_id) || r.hash);
                INSERT INTO {{schema}}.pt_event_chain (seq_id, chain_hash) VALUES (r.seq_id, last_hash);
                sealed := sealed + 1;
            END LOOP;
            RETURN sealed;
        END
        $f$;
        """;

    /// <summary>
    /// Applies <see cref="Sql"/> under an advisory lock, so several hosts starting at once do not race on the DDL. When
    /// the chain is new to a store that already has events, those events are hashed first, in sequence order.
    /// </summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute($"SELECT pg_advisory_xact_lock(hashtext('{schema}.pt_event_chain.ddl'))");
        var isNew = (bool)(await Scalar($"SELECT to_regclass('{schema}.pt_event_hashes') IS NULL"))!;
        await Execute(Sql(schema));
        if (isNew) await Execute($"SELECT {schema}.pt_backfill_event_hashes()");
        await tx.CommitAsync(ct);

        async Task Execute(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            await command.ExecuteNonQueryAsync(ct);
        }

        async Task<object?> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            return await command.ExecuteScalarAsync(ct);
        }
    }

    /// <summary>Removes the trigger only (the bench measures appends with and without it); the hashes stay.</summary>
    public static string DropTriggerSql(string schema) => $"DROP TRIGGER IF EXISTS pt_hash_event ON {schema}.mt_events";
}
