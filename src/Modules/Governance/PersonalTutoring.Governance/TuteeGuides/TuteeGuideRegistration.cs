using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.TuteeGuides.ReadModels;

namespace PersonalTutoring.Governance.TuteeGuides;

/// <summary>"What tutees can expect" (GO-4, ME-2, ME-9): the document, its projection and the slices' endpoints.</summary>
internal static class TuteeGuideRegistration
{
    public static void Configure(EventStoreOptions o)
    {
        o.Documents.Register<TuteeGuideView>("governance", "tutee_guides").Index("school", "(data->>'schoolCode')");
        o.Projections.Add(new TuteeGuideViewProjection());
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        DraftingGuide.DraftTuteeGuide.Map(app);
        PublishingGuide.PublishTuteeGuide.Map(app);
        TuteeGuideViewProjection.Map(app);
    }
}
