using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation.Tutors.RecordingDeanException;

/// <summary>POST /api/tutors/{staffId}/dean-exception: the Dean agrees a non-permanent tutor, with a justification (AL-10).</summary>
internal static class RecordDeanException
{
    internal sealed record Request(string? Justification);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Justification).NotEmpty().MinimumLength(10).MaximumLength(2000);
    }

    internal static object[] Decide(Tutor state, string staffId, string justification, string dean, DateTimeOffset now)
    {
        if (!state.Exists) throw new NotFoundException($"Tutor {staffId} is not registered.");
        if (state.Details!.PermanentAcademicStaff)
            throw new BusinessRuleException("exception-not-needed", $"Tutor {staffId} is permanent academic staff and needs no exception.");
        return state.HasDeanException ? [] : [new DeanExceptionRecorded(staffId, justification.Trim(), dean, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/tutors/{staffId}/dean-exception", async (string staffId, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                var current = await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(staffId), ct);
                var events = Decide(current.State, staffId, request.Justification!, http.CurrentUser().Id, clock.GetUtcNow());
                if (events.Length > 0)
                {
                    if (http.Request.ExpectedVersion() is { } expected && expected != current.ReadVersion)
                        throw new StaleVersionException(current.Key!, expected, current.ReadVersion);
                    current.AppendMany(events);
                    await session.SaveChangesAsync(ct);
                }
                return Results.NoContent();
            })
            .Validate<Request>()
            .RequireAuthorization(AllocationPolicies.DeanException)
            .WithName("PostDeanException")
            .WithVersionHeaders()
            .WithSummary("Records the Dean's agreement that a non-permanent member of staff may be a personal tutor.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
