using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.References.Ukfpo;

/// <summary>One ability the UKFPO structured reference rates, with the evidence a tutor is pointed to (never a rating).</summary>
internal sealed record RatingDomain(string Key, string Label, string EvidenceHint);

/// <summary>A school's UKFPO form for an academic year (RE-3): the national form changes, so its domains and scale are configuration.</summary>
internal sealed record UkfpoFormConfigured(
    string SchoolCode, string AcademicYear, IReadOnlyList<RatingDomain> Domains, IReadOnlyList<string> Scale, string UnableToComment,
    string ConfiguredBy, DateTimeOffset ConfiguredAt);

/// <summary>The form in force: the school's for the year, or the default when it configured none (<see cref="IsDefault"/>).</summary>
internal sealed record UkfpoForm(string SchoolCode, string AcademicYear, IReadOnlyList<RatingDomain> Domains, IReadOnlyList<string> Scale, string UnableToComment, bool IsDefault)
{
    /// <summary>The stream and document key, <c>ukfpo-form-{school}-{year}</c>; never in the API's JSON.</summary>
    [JsonIgnore]
    public string Id => StreamId(SchoolCode, AcademicYear);

    public static string StreamId(string schoolCode, string academicYear) => $"ukfpo-form-{schoolCode.ToUpperInvariant()}-{academicYear}";

    public bool Accepts(string rating) => rating == UnableToComment || Scale.Contains(rating);

    /// <summary>A sensible default close to the national form: six domains, a four-point scale, each with "unable to comment".</summary>
    public static UkfpoForm Default(string schoolCode, string academicYear) => new(schoolCode.ToUpperInvariant(), academicYear,
    [
        new("knowledge", "Knowledge", "Progress decisions and results summary; objectives about study."),
        new("clinical-skills", "Clinical skills", "Portfolio status; placement feedback the student shared."),
        new("professionalism", "Professionalism", "Attendance; meetings attended and objectives met; concerns you raised yourself."),
        new("communication", "Communication", "How the tutee engaged in tutoring contacts and meetings."),
        new("teamwork", "Teamwork", "Group work, societies and roles the tutee told you about."),
        new("overall", "Overall", "Your overall judgement of the evidence above."),
    ], ["Excellent", "Good", "Satisfactory", "Needs development"], "Unable to comment", IsDefault: true);

    /// <summary>The academic year (1 August to 31 July) containing a date, as <c>2025-26</c>.</summary>
    public static string AcademicYearOf(DateOnly date)
    {
        var start = date.Month >= 8 ? date.Year : date.Year - 1;
        return $"{start}-{(start + 1) % 100:00}";
    }
}

internal sealed class UkfpoFormProjection : StreamFoldProjection<UkfpoForm>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "references-ukfpo-forms";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(UkfpoFormConfigured)];

    protected override UkfpoForm? Evolve(UkfpoForm? current, IEvent e) => e.Data is UkfpoFormConfigured c
        ? new UkfpoForm(c.SchoolCode, c.AcademicYear, c.Domains, c.Scale, c.UnableToComment, IsDefault: false)
        : current;

    public static void Register(StoreOptions options)
    {
        options.Schema.For<UkfpoForm>().DatabaseSchemaName(ReferencesModule.Schema).Identity(f => f.Id);
        options.AddFold(new UkfpoFormProjection());
    }

    /// <summary>The form in force for a school and year.</summary>
    public static async Task<UkfpoForm> InForceAsync(IQuerySession session, string schoolCode, string academicYear, CancellationToken ct) =>
        await session.LoadAsync<UkfpoForm>(UkfpoForm.StreamId(schoolCode, academicYear), ct) ?? UkfpoForm.Default(schoolCode, academicYear);
}
