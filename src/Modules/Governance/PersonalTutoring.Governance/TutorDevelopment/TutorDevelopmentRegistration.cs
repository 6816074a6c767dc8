using Marten;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Governance.TutorDevelopment.ReadModels;

namespace PersonalTutoring.Governance.TutorDevelopment;

/// <summary>Tutor development records (GO-7, GO-8, GO-9): the document, its projection and the slices' endpoints.</summary>
internal static class TutorDevelopmentRegistration
{
    /// <summary>Keyed by the record's stream key; the school's tutors are listed by school code.</summary>
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<TutorDevelopmentView>().DatabaseSchemaName(GovernanceModule.Schema).Identity(v => v.Id).Index(v => v.SchoolCode);
        options.AddFold(new TutorDevelopmentViewProjection());
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
