using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Governance.TuteeGuides.ReadModels;

/// <summary>Every published version of a school's guide for a year (newest last) and the pending draft.</summary>
internal sealed record TuteeGuideView(string SchoolCode, string AcademicYear, IReadOnlyList<PublishedGuide> Versions, DraftGuide? Draft)
{
    /// <summary>The Marten identity: the guide's stream key.</summary>
    [JsonIgnore]
    public string Id => TuteeGuide.StreamId(SchoolCode, AcademicYear);
}

internal sealed record PublishedGuide(int Version, GuideContent Content, string PublishedBy, DateTimeOffset PublishedAt);

internal sealed record DraftGuide(GuideContent Content, string DraftedBy, DateTimeOffset DraftedAt);

/// <summary>A published version as tutees read it; a superseded one says when it was replaced.</summary>
internal sealed record PublishedGuideResponse(string SchoolCode, string AcademicYear, int Version, bool IsCurrent, DateTimeOffset PublishedAt, DateTimeOffset? SupersededAt, GuideContent Guide);

/// <summary>Async: readers only. One document per guide stream (the fold's default document id).</summary>
internal sealed class TuteeGuideViewProjection : StreamFoldProjection<TuteeGuideView>
{
    public override string Name => "governance-tutee-guides";

    public override IReadOnlyCollection<Type> EventTypes => TuteeGuideEvents.All;

    protected override TuteeGuideView? Evolve(TuteeGuideView? current, IEvent e) => e.Data switch
    {
        TuteeGuideDrafted d => (current ?? Empty(d.SchoolCode, d.AcademicYear)) with { Draft = new DraftGuide(d.Content, d.DraftedBy, d.DraftedAt) },
        TuteeGuidePublished p => Publish(current ?? Empty(p.SchoolCode, p.AcademicYear), p),
        _ => current,
    };

    private static TuteeGuideView Empty(string schoolCode, string academicYear) => new(schoolCode, academicYear, [], null);

    private static TuteeGuideView Publish(TuteeGuideView view, TuteeGuidePublished p) =>
        view with { Versions = [.. view.Versions, new PublishedGuide(p.Version, p.Content, p.PublishedBy, p.PublishedAt)], Draft = null };

    /// <summary>Students, tutors and Senior Tutors read their own school's guide; oversight roles read every school's.</summary>
    private static readonly string[] ReadersOfEverySchool = [Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor, Roles.SupportTeam];

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schools/{schoolCode}/tutee-guide/{academicYear}",
                async (string schoolCode, string academicYear, int? version, IQuerySession session, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                var versions = (await session.LoadAsync<TuteeGuideView>(TuteeGuide.StreamId(schoolCode, year), ct))?.Versions ?? [];
                var index = version is { } n ? n - 1 : versions.Count - 1;
                if (index < 0 || index >= versions.Count)
                    throw new NotFoundException(version is null ? $"{schoolCode} has not published its guide for {year}." : $"Version {version} of the {year} guide is not published.");
                var found = versions[index];
                var supersededAt = index + 1 < versions.Count ? versions[index + 1].PublishedAt : (DateTimeOffset?)null;
                return Results.Ok(new PublishedGuideResponse(schoolCode, year, found.Version, supersededAt is null, found.PublishedAt, supersededAt, found.Content));
            })
            .RequireAuthorization(DevelopmentPolicies.ReadPublishedGuide)
            .RequireResource((http, user) =>
            {
                var schoolCode = http.RouteValue("schoolCode");
                if (!user.HasSchool(schoolCode)) ResourceAccess.DemandSchool(user, schoolCode, "read the tutee guide", ReadersOfEverySchool);
                return Task.CompletedTask;
            })
            .WithName("GetTuteeGuide")
            .WithSummary("The school's published 'What tutees can expect' for a year (GO-4, ME-2, ME-9): the current version, or ?version=N.")
            .Produces<PublishedGuideResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/schools/{schoolCode}/tutee-guide/{academicYear}/draft",
                async (string schoolCode, string academicYear, IQuerySession session, CancellationToken ct) =>
            {
                RouteValues.School(schoolCode);
                var year = GovernanceAccess.Year(academicYear).ToString();
                return (await session.LoadAsync<TuteeGuideView>(TuteeGuide.StreamId(schoolCode, year), ct))?.Draft is { } draft
                    ? Results.Ok(draft)
                    : throw new NotFoundException($"No draft of the {year} guide is pending for {schoolCode}.");
            })
            .RequireAuthorization(DevelopmentPolicies.ManageSchoolRecords)
            .RequireSchool("read the draft tutee guide")
            .WithName("GetTuteeGuideDraft")
            .WithSummary("The pending draft of the school's tutee guide for a year. The school's Senior Tutors, the Dean and Admin.")
            .Produces<DraftGuide>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
