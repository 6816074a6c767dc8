using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Audit;

/// <summary>
/// The tables, functions and trigger of the tamper-evident history (docs/adr/0075, 0088). Every event Marten inserts is
/// hashed in its own append transaction by a row trigger, the hash chained to the previous event of the same stream
/// (whose row the append already serialises on, so no new lock is taken); the sealer then links every hash into one
/// chain in sequence order behind the daemon's high-water mark. Idempotent: applied by the migrate step.
/// </summary>
/// <remarks>
/// <para>The hash is SHA-256 over one text, the event's fields in a fixed order separated by <c>|</c>: numbers as
/// decimals, every other field as an SQL literal (<c>quote_literal</c>: quoted, quotes and backslashes doubled, an
/// <c>E</c> before it when it holds a backslash; <c>NULL</c> for none), bytes as lower-case hex, the payload and
/// headers as PostgreSQL prints their jsonb, the time as seconds since 1970 with six decimals. A literal ends at its
/// own closing quote, so no two events spell alike. <see cref="EventChainHash"/> is the same formula, computed apart
/// from the database so that a rewritten function cannot vouch for itself.</para>
/// <para>Why this spelling (ADR 0088): the trigger's cost is PostgreSQL setting up each expression node afresh for
/// every append, and one <c>format</c> call has a handful of nodes where the length-prefixed bytes of ADR 0075 had
/// about fifty. The hashes are keyed by stream and version, so the stream's previous hash is one index probe.</para>
/// </remarks>
public static class EventChainSchema
{
    /// <summary>The formula's version, kept as the hash table's comment: a table hashed otherwise is re-hashed.</summary>
    public const string Formula = "pt-event-chain v2: format, keyed by stream and version";

    public static string Sql(string schema) => $$"""
        CREATE TABLE IF NOT EXISTS {{schema}}.pt_event_hashes (
            stream_id varchar NOT NULL,
            version bigint NOT NULL,
            seq_id bigint NOT NULL,
            hash bytea NOT NULL,
            PRIMARY KEY (stream_id, version));
        -- The verifier reads hashes by sequence; the table is appended in sequence order, so a block-range index serves.
        CREATE INDEX IF NOT EXISTS pt_event_hashes_seq ON {{schema}}.pt_event_hashes USING brin (seq_id);
        COMMENT ON TABLE {{schema}}.pt_event_hashes IS '{{Formula}}';
        CREATE TABLE IF NOT EXISTS {{schema}}.pt_event_chain (
            seq_id bigint PRIMARY KEY,
            chain_hash bytea NOT NULL);

        CREATE OR REPLACE FUNCTION {{schema}}.pt_hash_field(value bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS
        $f$ SELECT CASE WHEN value IS NULL THEN int4send(-1) ELSE int4send(length(value)) || value END $f$;

        -- Each argument is used once, so the planner inlines this into the trigger's INSERT.
        CREATE OR REPLACE FUNCTION {{schema}}.pt_event_hash(previous bytea, seq bigint, stream varchar, version bigint, type varchar,
            data jsonb, bdata bytea, headers jsonb, correlation varchar, causation varchar, user_name varchar, at timestamptz)
        RETURNS bytea LANGUAGE sql STABLE AS
        $f$ SELECT sha256(convert_to(format('%L|%s|%L|%s|%L|%L|%L|%L|%L|%L|%L|%s',
              encode(previous, 'hex'), seq, stream, version, type, data, encode(bdata, 'hex'), headers,
              correlation, causation, user_name, extract(epoch FROM at)), 'UTF8')) $f$;

        CREATE OR REPLACE FUNCTION {{schema}}.pt_hash_event() RETURNS trigger LANGUAGE plpgsql AS
        $f$
        DECLARE previous bytea;
        BEGIN
            SELECT h.hash INTO previous FROM {{schema}}.pt_event_hashes h WHERE h.stream_id = NEW.stream_id AND h.version = NEW.version - 1;
            INSERT INTO {{schema}}.pt_event_hashes (stream_id, version, seq_id, hash)
            VALUES (NEW.stream_id, NEW.version, NEW.seq_id, {{schema}}.pt_event_hash(previous, NEW.seq_id, NEW.stream_id, NEW.version,
                NEW.type, NEW.data, NEW.bdata, NEW.headers, NEW.correlation_id, NEW.causation_id, NEW.user_name, NEW.timestamp));
            RETURN NULL;
        END
        $f$;

        -- After the row: two appends racing for the same stream version must fail on Marten's own unique index (which
        -- Marten turns into a concurrency exception, a 409 or a retry), never first on this table's key (ADR 0088).
        CREATE OR REPLACE TRIGGER pt_hash_event AFTER INSERT ON {{schema}}.mt_events
            FOR EACH ROW EXECUTE FUNCTION {{schema}}.pt_hash_event();

        CREATE OR REPLACE FUNCTION {{schema}}.pt_backfill_event_hashes() RETURNS int LANGUAGE plpgsql AS
        $f$
        DECLARE r record; previous bytea; hashed int := 0;
        BEGIN
            FOR r IN SELECT e.* FROM {{schema}}.mt_events e
                     WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.pt_event_hashes h WHERE h.stream_id = e.stream_id AND h.version = e.version) ORDER BY e.seq_id LOOP
                SELECT h.hash INTO previous FROM {{schema}}.pt_event_hashes h WHERE h.stream_id = r.stream_id AND h.version = r.version - 1;
                INSERT INTO {{schema}}.pt_event_hashes (stream_id, version, seq_id, hash)
                VALUES (r.stream_id, r.version, r.seq_id, {{schema}}.pt_event_hash(previous, r.seq_id, r.stream_id, r.version,
                    r.type, r.data, r.bdata, r.headers, r.correlation_id, r.causation_id, r.user_name, r.timestamp));
                hashed := hashed + 1;
            END LOOP;
            RETURN hashed;
        END
        $f$;

        -- Walks the events in sequence order (Marten's own sequence index) and links each one's hash.
        CREATE OR REPLACE FUNCTION {{schema}}.pt_seal_event_chain(upto bigint, max_rows int) RETURNS int LANGUAGE plpgsql AS
        $f$
        DECLARE last_seq bigint; last_hash bytea; r record; sealed int := 0;
        BEGIN
            IF NOT pg_try_advisory_xact_lock(hashtext('{{schema}}.pt_event_chain')) THEN RETURN -1; END IF;
            SELECT seq_id, chain_hash INTO last_seq, last_hash FROM {{schema}}.pt_event_chain ORDER BY seq_id DESC LIMIT 1;
            FOR r IN SELECT e.seq_id, h.hash FROM {{schema}}.mt_events e
                     JOIN {{schema}}.pt_event_hashes h ON h.stream_id = e.stream_id AND h.version = e.version AND h.seq_id = e.seq_id
                     WHERE e.seq_id > coalesce(last_seq, 0) AND e.seq_id <= upto ORDER BY e.seq_id LIMIT max_rows LOOP
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
    /// the chain is new to a store that already has events, those events are hashed first, in sequence order. A chain
    /// hashed with an earlier formula (ADR 0075's) is dropped and hashed again with this one, links included: its old
    /// checkpoints then no longer match, which is said in ADR 0088 (pre-release: no store of record had the old one).
    /// </summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute($"SELECT pg_advisory_xact_lock(hashtext('{schema}.pt_event_chain.ddl'))");
        var table = $"to_regclass('{schema}.pt_event_hashes')";
        var state = (string)(await Scalar(
            $"SELECT CASE WHEN {table} IS NULL THEN 'new' WHEN obj_description({table}, 'pg_class') IS DISTINCT FROM '{Formula}' THEN 'earlier' ELSE 'current' END"))!;
        if (state == "earlier") await Execute($"DROP TABLE {schema}.pt_event_hashes; DROP TABLE IF EXISTS {schema}.pt_event_chain");
        var isNew = state != "current";
        await Execute(Sql(schema));
        if (isNew) await Execute($"SELECT {schema}.pt_backfill_event_hashes()");
        await tx.CommitAsync(ct);

        // No command timeout: hashing an existing store's events (2.3M in the KPI bench's database) takes minutes, and a
        // second host starting meanwhile waits on the advisory lock for as long; the connection string's timeout would
        // end either half-way and stop the host starting (found on the bench's kept database).
        async Task Execute(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(ct);
        }

        async Task<object?> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 };
            return await command.ExecuteScalarAsync(ct);
        }
    }

    /// <summary>Removes the trigger only (the bench measures appends with and without it); the hashes stay.</summary>
    public static string DropTriggerSql(string schema) => $"DROP TRIGGER IF EXISTS pt_hash_event ON {schema}.mt_events";
}
