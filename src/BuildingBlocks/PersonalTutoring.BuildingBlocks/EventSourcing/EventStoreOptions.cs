using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>Everything the store needs to know, contributed to by each module's registration.</summary>
public sealed class EventStoreOptions
{
    private readonly List<string> schemaDdl = [];

    /// <summary>Schema of the event tables (<c>mt_streams</c>, <c>mt_events</c>, <c>mt_event_progression</c>).</summary>
    public string EventSchema { get; set; } = "events";

    public EventTypeRegistry Events { get; } = new();

    public DocumentRegistry Documents { get; } = new();

    public ProjectionRegistry Projections { get; } = new();

    public DaemonOptions Daemon { get; } = new();

    /// <summary>
    /// DDL for a module's own relational tables: operational rows such as an outbox, which are neither events nor
    /// read-model documents. <see cref="EventStoreSchema.MigrateAsync"/> runs it at every migration, after the event
    /// and document tables, so it must be idempotent (<c>IF NOT EXISTS</c>).
    /// </summary>
    public EventStoreOptions AddSchemaDdl(string ddl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ddl);
        schemaDdl.Add(ddl);
        return this;
    }

    internal IReadOnlyList<string> SchemaDdl => schemaDdl;
}

public sealed class DaemonOptions
{
    /// <summary>Whether this host runs async projections. Several hosts may; one runner per projection wins the lock.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Fallback polling when no notification arrives (NOTIFY is best-effort across hosts).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a standby host tries to take over a projection whose runner it does not hold.</summary>
    public TimeSpan LockRetryInterval { get; set; } = TimeSpan.FromSeconds(3);

    public int BatchSize { get; set; } = 1_000;

    public int RebuildBatchSize { get; set; } = 1_000;

    /// <summary>Attempts at one event before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
