using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Governance.Reporting.YearEnd;

internal sealed record ReportStep(ReportStage Step, DateOnly On, string? MinuteReference, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A version that was superseded by a new one: how far it got and with what content.</summary>
internal sealed record ReportVersion(int Version, ReportStage Stage, IReadOnlyList<ReportStep> Steps, ReportContent Content, string? RevisionReason);

/// <summary>A school's year-end report for a cohort system and year: the current version, its cycle so far, earlier versions.</summary>
internal sealed record YearEndReportView(
    string SchoolCode,
    string AcademicYear,
    string Cohort,
    int ReportVersion,
    ReportStage Stage,
    ReportContent Content,
    IReadOnlyList<ReportStep> Steps,
    IReadOnlyList<ReportVersion> EarlierVersions,
    string WrittenBy,
    DateTimeOffset WrittenAt,
    long StreamVersion)
{
    /// <summary>The Marten identity: the report's stream key. Not part of the API's JSON.</summary>
    [JsonIgnore]
    public string Id => YearEndReport.StreamId(SchoolCode, AcademicYear, Cohort);
}

/// <summary>Inline: the report is read right after each step, and the overview lists the school's reports by year.</summary>
internal sealed class YearEndReportViewProjection : StreamFoldProjection<YearEndReportView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "governance-year-end-reports";

    public override IReadOnlyCollection<Type> EventTypes => YearEndReportEvents.All;

    public static void Register(StoreOptions options)
    {
        options.Schema.For<YearEndReportView>().DatabaseSchemaName(GovernanceModule.Schema).Identity(v => v.Id).Index(v => v.AcademicYear).Index(v => v.SchoolCode);
        options.AddFold(new YearEndReportViewProjection());
    }

    protected override YearEndReportView? Evolve(YearEndReportView? current, IEvent e) => (current, e.Data) switch
    {
        (null, YearEndReportWritten w) => new YearEndReportView(w.SchoolCode, w.AcademicYear, w.Cohort, w.Version, ReportStage.Draft, w.Content, [], [],
            w.WrittenBy, w.WrittenAt, e.Version),
        ({ } v, YearEndReportWritten w) => v with { Content = w.Content, WrittenBy = w.WrittenBy, WrittenAt = w.WrittenAt, StreamVersion = e.Version },
        ({ } v, YearEndReportStepRecorded s) => v with
        {
            Stage = s.Step,
            StreamVersion = e.Version,
            Steps = [.. v.Steps, new ReportStep(s.Step, s.On, s.MinuteReference, s.RecordedBy, s.RecordedAt)],
        },
        ({ } v, YearEndReportRevised r) => v with
        {
            EarlierVersions = [.. v.EarlierVersions, new ReportVersion(v.ReportVersion, v.Stage, v.Steps, v.Content, r.Reason)],
            ReportVersion = r.Version,
            Stage = ReportStage.Draft,
            Steps = [],
            WrittenBy = r.RevisedBy,
            WrittenAt = r.RevisedAt,
            StreamVersion = e.Version,
        },
        _ => current,
    };
}
