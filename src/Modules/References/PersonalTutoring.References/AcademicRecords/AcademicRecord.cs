using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.References.AcademicRecords;

/// <summary>A progress decision of the student record (e.g. 2024-25: "Progress to year 5").</summary>
internal sealed record ProgressDecision(string AcademicYear, string Decision);

/// <summary>The academic-record facts the student-record system sends, which a referee may draw on (issue 13 item 2).</summary>
internal sealed record AcademicFacts(IReadOnlyList<ProgressDecision> ProgressDecisions, string? ResultsSummary, decimal? AttendancePercentage, string? PortfolioStatus)
{
    /// <summary>The same facts: a record is compared by value, lists included, so a resend appends nothing.</summary>
    public bool SameAs(AcademicFacts other) =>
        ProgressDecisions.SequenceEqual(other.ProgressDecisions) && ResultsSummary == other.ResultsSummary
        && AttendancePercentage == other.AttendancePercentage && PortfolioStatus == other.PortfolioStatus;
}

/// <summary>The whole record as sent; every change is kept on the stream <c>academic-record-{studentId}</c>.</summary>
internal sealed record AcademicRecordReceived(string StudentId, AcademicFacts Facts, DateTimeOffset ReceivedAt);

/// <summary>The write model: the facts held, to tell a change from a resend.</summary>
internal sealed record AcademicRecordStream : IWriteModel<AcademicRecordStream>
{
    public string Id { get; init; } = "";

    public AcademicFacts? Facts { get; init; }

    public static AcademicRecordStream Initial => new();

    public static string StreamId(string studentId) => $"academic-record-{studentId}";

    public AcademicRecordStream Evolve(IEvent @event) => @event.Data is AcademicRecordReceived r ? this with { Facts = r.Facts } : this;
}

/// <summary>The facts held for a student, for the drafting evidence and the UKFPO form. Inline: read right after a write.</summary>
internal sealed record AcademicRecordView(string StudentId, AcademicFacts Facts, DateTimeOffset ReceivedAt);

internal sealed class AcademicRecordProjection : StreamFoldProjection<AcademicRecordView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "references-academic-records";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(AcademicRecordReceived)];

    protected override string DocumentId(IEvent e) => ((AcademicRecordReceived)e.Data).StudentId;

    protected override AcademicRecordView? Evolve(AcademicRecordView? current, IEvent e) =>
        e.Data is AcademicRecordReceived r ? new AcademicRecordView(r.StudentId, r.Facts, r.ReceivedAt) : current;

    public static void Register(StoreOptions options)
    {
        options.Schema.For<AcademicRecordView>().DatabaseSchemaName(ReferencesModule.Schema).Identity(v => v.StudentId);
        options.AddWriteModel<AcademicRecordStream>();
        options.AddFold(new AcademicRecordProjection());
    }
}
