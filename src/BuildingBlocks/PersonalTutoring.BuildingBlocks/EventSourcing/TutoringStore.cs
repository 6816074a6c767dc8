using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.BuildingBlocks.Projections;
using Weasel.Core;
using Wolverine.Marten;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>How this host runs the store: whether it takes part in running async projections, and how fast it polls.</summary>
public sealed class StoreSettings
{
    /// <summary>Run async projections on this host. Several hosts may: Marten's HotCold mode elects one to run them.</summary>
    public bool DaemonEnabled { get; set; } = true;

    /// <summary>
    /// How often the daemon looks for new events: how long an async view may lag a quiet store's first new event.
    /// Appends do not NOTIFY the daemon (see <see cref="TutoringStore.Configure"/>), so this is the wake-up; one
    /// cheap high-water query per interval.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a sequence gap may stand before the daemon asks PostgreSQL whether the transaction that reserved it
    /// is still alive. With transaction evidence on, a gap is passed only when that writer is proven gone, so a low
    /// value is safe: it bounds how long a rolled-back append delays projections (docs/adr/0033).
    /// </summary>
    public TimeSpan StaleSequenceThreshold { get; set; } = TimeSpan.FromMilliseconds(250);
}

public static class TutoringStore
{
    public const string EventSchema = "events";
    public const string MessageSchema = "wolverine";

    /// <summary>
    /// The one Marten <c>DocumentStore</c> of the host (events in <c>events</c>, each module's documents in its own
    /// schema), integrated with Wolverine's durable outbox. Modules add their events, documents and projections with
    /// <c>services.ConfigureMarten(...)</c>.
    /// </summary>
    public static IServiceCollection AddTutoringStore(this IServiceCollection services, Func<IServiceProvider, string> connectionString, StoreSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventMetadataProvider, NoEventMetadata>();
        services.AddSingleton(settings);
        var marten = services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                Configure(options, connectionString(sp), settings,
                    sp.GetService<SubjectKeys>() is { } keys ? json => json.Converters.Add(new StoredPersonalTextConverter(keys)) : null);
                // Events are stamped with the host's clock, as before Marten: as-of reads (AL-13) and a test clock agree.
                options.Events.TimeProvider = sp.GetRequiredService<TimeProvider>();
                return options;
            })
            .UseLightweightSessions()
            .BuildSessionsWith<StampedSessionFactory>()
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = MessageSchema);
        if (settings.DaemonEnabled) marten.AddAsyncDaemon(DaemonMode.HotCold);
        services.AddSingleton<ProjectionAdmin>();
        services.AddSingleton<StoreSchema>();
        services.AddSingleton<Messaging.MessageDeadLetters>();
        return services;
    }

    /// <summary>The store's shape, shared by the host and the benchmark.</summary>
    public static void Configure(StoreOptions options, string connectionString, StoreSettings settings, Action<System.Text.Json.JsonSerializerOptions>? json = null)
    {
        options.Connection(WithAutoPrepare(connectionString));
        options.DatabaseSchemaName = EventSchema; // Marten's own documents (dead-lettered events) live beside the events
        options.AutoCreateSchemaObjects = AutoCreate.None; // the migrate step creates everything, explicitly (StoreSchema)
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json ?? (_ => { }));
        options.UpdateBatchSize = 5_000; // bulk commands (auto-allocation) write thousands of rows in few round trips

        var events = options.Events;
        events.DatabaseSchemaName = EventSchema;
        events.StreamIdentity = StreamIdentity.AsString;
        // Rich burns a sequence number on every version conflict; Quick with the client's timestamps takes each event's
        // time from Events.TimeProvider instead of the database's now(). The daemon's gap detection uses server time only.
        events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        events.MetadataConfig.CorrelationIdEnabled = true;
        events.MetadataConfig.CausationIdEnabled = true;
        events.MetadataConfig.HeadersEnabled = true;
        events.MetadataConfig.UserNameEnabled = true;
        // No NOTIFY per append: PostgreSQL serialises the commits of notifying transactions (the notify queue lock is
        // held through the commit's WAL flush), which defeats group commit, and Marten sends it as an unprepared DO
        // block. Measured (bench, 32 writers): 10-21% of raw commits with it, 61-74% without. The daemon polls instead.
        events.UseListenNotifyForEventAppends = false;
        // Logged reads of personal data are appended by every module that shows it (issue 16 item 5, ADR 0084).
        events.MapEventType<Privacy.PersonalDataRead>("privacy.personal_data_read");

        var projections = options.Projections;
        projections.UseTransactionEvidenceForGapSkipping = true; // never skip a gap a live transaction may still fill
        projections.SkipStaleGapsDespiteLiveTransactionsAfter = null;
        projections.StaleSequenceThreshold = settings.StaleSequenceThreshold;
        projections.SlowPollingTime = settings.PollInterval;
        projections.FastPollingTime = TimeSpan.FromMilliseconds(Math.Min(250, settings.PollInterval.TotalMilliseconds));
        projections.Errors.SkipApplyErrors = true; // a poison event is dead-lettered, the projection goes on
        projections.RebuildErrors.SkipApplyErrors = false; // a rebuild that cannot apply an event fails loudly
    }

    /// <summary>
    /// Statements are prepared once used twice on a connection (unless the connection string says otherwise): the
    /// largest avoidable cost measured for appends (docs/performance.md).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    }
}
