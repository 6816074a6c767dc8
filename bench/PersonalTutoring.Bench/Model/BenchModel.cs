using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Bench.Model;

/// <summary>The one event type of the benchmark; <see cref="Note"/> pads it to the payload size under test.</summary>
internal sealed record LessonNoted(string Subject, int Minutes, string Note);

/// <summary>Per-stream read model: cheap to evolve, so the measurement is dominated by the store, not the projection.</summary>
internal sealed record StreamTally(string StreamId, long Count, long LastSequence);

/// <summary>The read model as every projection here is written: on the project's fold base (a page folded in memory).</summary>
internal sealed class StreamTallyFold(int? page = null) : StreamFoldProjection<StreamTally>
{
    public const string ProjectionName = "bench-stream-tally";

    /// <summary>FoldProjection's page size unless an experiment (--fold-page) says otherwise.</summary>
    public override int BatchSize => page ?? base.BatchSize;

    // Held in a field: the registration and the fold both ask for it.
    private static readonly IReadOnlyCollection<Type> Handled = [typeof(LessonNoted)];

    public override string Name => ProjectionName;

    public override IReadOnlyCollection<Type> EventTypes => Handled;

    protected override StreamTally? Evolve(StreamTally? current, IEvent @event) =>
        current is null
            ? new StreamTally(@event.StreamKey!, 1, @event.Sequence)
            : current with { Count = current.Count + 1, LastSequence = @event.Sequence };
}

/// <summary>The same count as Marten's built-in projection writes it, for comparison (its own table).</summary>
internal sealed class MartenTally
{
    public string Id { get; set; } = "";
    public long Count { get; set; }
    public long LastSequence { get; set; }
}

/// <summary>Marten's <c>SingleStreamProjection</c> counting the same events: the comparison row.</summary>
internal sealed class MartenTallyProjection : SingleStreamProjection<MartenTally, string>
{
    public const string ProjectionName = "bench-marten-tally";

    public MartenTallyProjection() => Name = ProjectionName;

    public override MartenTally Evolve(MartenTally? snapshot, string id, IEvent e)
    {
        snapshot ??= new MartenTally { Id = id };
        snapshot.Count++;
        snapshot.LastSequence = e.Sequence;
        return snapshot;
    }
}

/// <summary>A write model as the endpoints fetch them (<c>FetchForWriting</c>), folded live from the stream.</summary>
internal sealed record LessonLog(long Lessons, int Minutes) : IWriteModel<LessonLog>
{
    public string Id { get; init; } = "";

    public static LessonLog Initial => new(0, 0);

    public LessonLog Evolve(IEvent @event) => @event.Data is LessonNoted noted ? this with { Lessons = Lessons + 1, Minutes = Minutes + noted.Minutes } : this;
}

/// <summary>Which read model the daemon runs in a projection measurement.</summary>
internal enum ProjectionShape
{
    /// <summary>No async projection (the append measurements).</summary>
    None,

    /// <summary>The project's <see cref="StreamFoldProjection{TDoc}"/>: the one that carries the target.</summary>
    Fold,

    /// <summary>Marten's <c>SingleStreamProjection</c>, for comparison.</summary>
    MartenSingleStream,
}

internal static class BenchModel
{
    /// <summary>Kept apart from the application's <c>events</c> schema so that <c>--connection</c> can never wipe real data.</summary>
    public const string EventSchema = "bench_events";

    public const string DocumentSchema = "bench";

    public const string EventAlias = "bench.lesson_noted";

    /// <summary>Events per daemon page for Marten's projection: 1,000 measured best for it (2,000 and 5,000 no better; design note).</summary>
    public const int MartenProjectionBatchSize = 1_000;

    /// <summary>
    /// What the benchmark adds to the host's store shape (<see cref="TutoringStore.Configure"/>): its own schemas, its
    /// event type, a write model, and at most one async projection, as a module adds its own.
    /// </summary>
    public static void Configure(StoreOptions options, ProjectionShape shape, int? foldPage = null, int? hopper = null)
    {
        options.DatabaseSchemaName = DocumentSchema;
        options.Events.DatabaseSchemaName = EventSchema;
        options.Events.MapEventType<LessonNoted>(EventAlias);
        options.AddWriteModel<LessonLog>();
        // Only the shape's own document: the two tables differ in shape (Marten versions an aggregate's row), and a
        // store that registered the other one would try to alter it.
        switch (shape)
        {
            case ProjectionShape.Fold:
                options.Schema.For<StreamTally>().DatabaseSchemaName(DocumentSchema).Identity(t => t.StreamId);
                options.AddFold(new StreamTallyFold(foldPage));
                if (hopper is { } inFlight)
                    foreach (var registered in options.Projections.All.OfType<JasperFx.Events.Projections.ProjectionBase>().Where(p => p.Name == StreamTallyFold.ProjectionName))
                        registered.Options.MaximumHopperSize = inFlight;
                break;
            case ProjectionShape.MartenSingleStream:
                options.Projections.Add(new MartenTallyProjection(), ProjectionLifecycle.Async, o => o.BatchSize = MartenProjectionBatchSize);
                break;
        }
    }

    /// <summary>The projection's name, its daemon page size and its document type.</summary>
    public static (string Name, int BatchSize, Type Document) Describe(ProjectionShape shape, int? foldPage = null) => shape switch
    {
        ProjectionShape.Fold => (StreamTallyFold.ProjectionName, new StreamTallyFold(foldPage).BatchSize, typeof(StreamTally)),
        ProjectionShape.MartenSingleStream => (MartenTallyProjection.ProjectionName, MartenProjectionBatchSize, typeof(MartenTally)),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    /// <summary>An event whose serialised JSON is close to <paramref name="payloadBytes"/> long.</summary>
    public static LessonNoted Event(int payloadBytes, int seed)
    {
        // ~50 bytes of the JSON are property names, braces and the other two values.
        var note = new string((char)('a' + seed % 26), Math.Max(0, payloadBytes - 50));
        return new LessonNoted("maths", 30 + seed % 60, note);
    }
}
