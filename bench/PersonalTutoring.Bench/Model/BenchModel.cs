using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Bench.Model;

/// <summary>The one event type of the benchmark; <see cref="Note"/> pads it to the payload size under test.</summary>
internal sealed record LessonNoted(string Subject, int Minutes, string Note);

/// <summary>Per-stream read model: cheap to evolve, so the measurement is dominated by the store, not the projection.</summary>
internal sealed record StreamTally(string StreamId, long Count, long LastSequence);

internal sealed class StreamTallyProjection : SingleStreamProjection<StreamTally>
{
    public const string ProjectionName = "bench-stream-tally";

    // Held in a field: the base class asks for EventTypes for every event it filters.
    private static readonly IReadOnlyCollection<Type> Handled = [typeof(LessonNoted)];

    public override string Name => ProjectionName;

    public override IReadOnlyCollection<Type> EventTypes => Handled;

    protected override StreamTally? Evolve(StreamTally? current, StoredEvent @event) =>
        current is null
            ? new StreamTally(@event.StreamId, 1, @event.Sequence)
            : current with { Count = current.Count + 1, LastSequence = @event.Sequence };
}

internal static class BenchModel
{
    /// <summary>Kept apart from the application's <c>events</c> schema so that <c>--connection</c> can never wipe real data.</summary>
    public const string EventSchema = "bench_events";

    public const string DocumentSchema = "bench";

    public const string EventAlias = "bench.lesson_noted";

    public static void Configure(EventStoreOptions options, bool withProjection)
    {
        options.EventSchema = EventSchema;
        options.Events.Register<LessonNoted>(EventAlias);
        if (!withProjection) return;
        options.Documents.Register<StreamTally>(DocumentSchema, "stream_tally");
        options.Projections.Add(new StreamTallyProjection());
    }

    /// <summary>An event whose serialised JSON is close to <paramref name="payloadBytes"/> long.</summary>
    public static LessonNoted Event(int payloadBytes, int seed)
    {
        // ~50 bytes of the JSON are property names, braces and the other two values.
        var note = new string((char)('a' + seed % 26), Math.Max(0, payloadBytes - 50));
        return new LessonNoted("maths", 30 + seed % 60, note);
    }
}
