using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.TutorDevelopment.ReadModels;

namespace PersonalTutoring.Governance.TutorDevelopment;

/// <summary>Tutor development records (GO-7, GO-8, GO-9): the document, its projection and the slices' endpoints.</summary>
internal static class TutorDevelopmentRegistration
{
    public static void Configure(EventStoreOptions o)
    {
        o.Documents.Register<TutorDevelopmentView>("governance", "tutor_development").Index("school", "(data->>'schoolCode')");
        o.Projections.Add(new TutorDevelopmentViewProjection());
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        RecordingTutorRole.RecordTutorRole.Map(app);
        RecordingTraining.RecordTraining.Map(app);
        RecordingQuizAttempt.RecordQuizAttempt.Map(app);
        RaisingConcern.RaiseConcern.Map(app);
        TakingConcernAction.RecordConcernAction.Map(app);
        ResolvingConcern.ResolveConcern.Map(app);
        TutorDevelopmentViewProjection.Map(app);
        SchoolTutorDevelopment.Map(app);
    }
}
