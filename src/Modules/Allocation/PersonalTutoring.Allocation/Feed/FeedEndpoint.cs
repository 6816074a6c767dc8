using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Notifications;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation.Feed;

/// <summary>
/// GET /api/feed?after=&amp;limit=: allocation changes in global order for integrators. Gap-safe: nothing past the
/// high-water mark is served, so a transaction still in flight below it can never be skipped (docs/adr/0024).
/// </summary>
internal static class FeedEndpoint
{
    public const string ChangeType = nameof(TutorAllocationChanged);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/feed", async (long? after, int? limit, IQuerySession session, CancellationToken ct) =>
            {
                var from = after ?? 0;
                var size = limit ?? 100;
                if (from < 0) throw RequestValidationException.For("after", "after is a sequence number, 0 or more.");
                if (size is < 1 or > 1000) throw RequestValidationException.For("limit", "limit is between 1 and 1000.");
                return Results.Ok(await ReadAsync(session, from, size, ct));
            })
            .RequireAuthorization(AllocationPolicies.Feed)
            .WithName("GetAllocationFeed")
            .WithSummary("The public allocation events after a sequence number, in order, never past an in-flight gap.")
            .WithDescription("For integrators: every allocation change in commit order. Start with `after=0`, then ask again with the page's `next`; "
                + "an empty page means you are up to date (poll again later). A page never passes a transaction still in flight, so nothing is "
                + "skipped; an entry may be seen twice after a crash on your side, so de-duplicate by `sequence`.")
            .WithExamples(response: new
            {
                entries = new[]
                {
                    new
                    {
                        sequence = 1042, type = "TutorAllocationChanged",
                        change = new
                        {
                            studentId = "2025123456", schoolCode = "MED", fromTutorId = (string?)null, toTutorId = "s104233", effectiveOn = "2025-10-01",
                            kind = "Allocation", reason = "Initial allocation", recordedAt = "2025-10-01T09:00:00+00:00", recordedBy = "st-med",
                        },
                    },
                },
                next = 1042,
            })
            .Produces<FeedPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

    public static async Task<FeedPage> ReadAsync(IQuerySession session, long after, int limit, CancellationToken ct)
    {
        // The feed pages only up to the daemon's high-water mark, and says where to resume (past non-allocation events too).
        var page = await EventFeed.ReadAsync(session, after, limit, StudentEvents.AllocationChanges, ct);
        var entries = page.Events.Select(e => new FeedEntry(e.Sequence, ChangeType, e.Data switch
        {
            TutorAllocated a => Notices.ToIntegration(a, e.UserName),
            AllocationEnded x => Notices.ToIntegration(x, e.UserName),
            _ => throw new InvalidOperationException($"Unexpected event {e.EventTypeName} in the feed."),
        })).ToList();
        return new FeedPage(entries, page.NextAfter);
    }
}
