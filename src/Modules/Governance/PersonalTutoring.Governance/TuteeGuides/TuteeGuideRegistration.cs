using Marten;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.TuteeGuides.ReadModels;

namespace PersonalTutoring.Governance.TuteeGuides;

/// <summary>"What tutees can expect" (GO-4, ME-2, ME-9): the document, its projection and the slices' endpoints.</summary>
internal static class TuteeGuideRegistration
{
    /// <summary>Keyed by the guide's stream key; the school code is indexed.</summary>
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<TuteeGuideView>().DatabaseSchemaName(GovernanceModule.Schema).Identity(v => v.Id).Index(v => v.SchoolCode);
        options.AddFold(new TuteeGuideViewProjection());
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        DraftingGuide.DraftTuteeGuide.Map(app);
        PublishingGuide.PublishTuteeGuide.Map(app);
        TuteeGuideViewProjection.Map(app);
    }
}
