using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.DataProtection.Contracts;

namespace PersonalTutoring.DataProtection.Erasure;

/// <summary>GET /api/students/{studentId}/data-protection: the student's erasure requests, legal holds (and those in force now) and erasure.</summary>
internal static class ReadPrivacy
{
    internal sealed record PrivacyView(string StudentId, DateTimeOffset? ErasedAt, IReadOnlyList<ErasureRequest> Requests, IReadOnlyList<LegalHold> Holds, IReadOnlyList<string> HoldsInForce,
    IReadOnlyList<Withholding> Withholdings, IReadOnlyList<ExportEntry> Exports, IReadOnlyList<string> KindsErased);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/students/{studentId}/data-protection", async (string studentId, IAllocationQueries students, LegalHolds holds, IQuerySession session,
                TimeProvider clock, CancellationToken ct) =>
            {
                var student = await students.StudentAsync(studentId, ct) ?? throw new NotFoundException($"Student {studentId} does not exist.");
                var state = await session.Events.AggregateStreamAsync<StudentPrivacy>(StudentPrivacy.StreamId(studentId), token: ct) ?? StudentPrivacy.Initial;
                var inForce = await holds.InForceAsync(state, student, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
                return Results.Ok(new PrivacyView(studentId, state.ErasedAt, state.Requests, state.Holds, inForce, state.Withholdings, state.Exports, state.KindsErased));
            })
            .RequireAuthorization(DataProtectionPolicies.Read)
            .WithName("GetDataProtectionRecord")
            .WithSummary("A student's erasure requests, legal holds (and the holds in force today, automatic ones included), erasure, withheld records and subject-access exports.")
            .Produces<PrivacyView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}

/// <summary>Whether a student was erased, for other modules (exports write "[erased]" beside the date).</summary>
internal sealed class Erasures(IDocumentStore store) : IErasures
{
    public async Task<DateTimeOffset?> ErasedAtAsync(string studentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.Events.AggregateStreamAsync<StudentPrivacy>(StudentPrivacy.StreamId(studentId), token: ct))?.ErasedAt;
    }
}
