using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.DataProtection.Erasure;

/// <summary>
/// One erasure request across every student, for the Dean's list of requests to decide: who asked, on what ground, when,
/// and where it stands. No personal text: the request's detail stays on the student's record (the decision page).
/// <see cref="SchoolCode"/> is the student's school when the request was made (null for requests recorded before it was).
/// </summary>
internal sealed record ErasureRequestView(Guid RequestId, string StudentId, string? SchoolCode, ErasureGround Ground, string RequestedBy, DateTimeOffset RequestedAt,
    ErasureStatus Status, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    /// <summary>The Marten identity (the folds key documents by text); never in the API's JSON.</summary>
    [JsonIgnore]
    public string Id => IdOf(RequestId);

    public static string IdOf(Guid requestId) => requestId.ToString("D");
}

/// <summary>
/// Inline, one document per request: the Dean who has just decided sees the request leave the list at once, and
/// erasure events are few. Deterministic (event data only), so a rebuild gives the same documents.
/// </summary>
internal sealed class ErasureRequestViewProjection : FoldProjection<ErasureRequestView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "data-protection-erasure-requests";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(ErasureRequested), typeof(ErasureApproved), typeof(ErasureRefused), typeof(StudentErased)];

    protected override IEnumerable<string> Identities(IEvent e) => e.Data switch
    {
        ErasureRequested r => [ErasureRequestView.IdOf(r.RequestId)],
        ErasureApproved a => [ErasureRequestView.IdOf(a.RequestId)],
        ErasureRefused r => [ErasureRequestView.IdOf(r.RequestId)],
        StudentErased x => [ErasureRequestView.IdOf(x.RequestId)],
        _ => [],
    };

    protected override ErasureRequestView? Evolve(ErasureRequestView? current, string id, IEvent e) => (current, e.Data) switch
    {
        (_, ErasureRequested r) => new(r.RequestId, r.StudentId, r.SchoolCode, r.Ground, r.RequestedBy, r.RequestedAt, ErasureStatus.AwaitingApproval, null, null),
        (null, _) => null,
        ({ } v, ErasureApproved a) => v with { Status = ErasureStatus.Approved, DecidedBy = a.ApprovedBy, DecidedAt = a.ApprovedAt },
        ({ } v, ErasureRefused r) => v with { Status = ErasureStatus.Refused, DecidedBy = r.RefusedBy, DecidedAt = r.RefusedAt },
        ({ } v, StudentErased) => v with { Status = ErasureStatus.Done },
        _ => current,
    };

    public static void Register(StoreOptions options)
    {
        options.Schema.For<ErasureRequestView>().DatabaseSchemaName(DataProtectionModule.Schema).Identity(v => v.Id)
            .Index(v => v.Status).Index(v => v.SchoolCode).Index(v => v.RequestedAt);
        options.AddFold(new ErasureRequestViewProjection());
    }
}

/// <summary>
/// GET /api/data-protection/erasure-requests?status=&amp;school=&amp;page=&amp;pageSize=: erasure requests across the university,
/// oldest first (the longest waiting at the top), paged; by default those awaiting the Dean's decision. For the Dean and
/// Admins (both university-wide here, as on every erasure route) and Auditors, as a student's record is.
/// </summary>
internal static class ErasureRequestList
{
    public const int MaxPageSize = 200;

    internal sealed record ErasureRequestsPage(ErasureStatus? Status, string? School, int Page, int PageSize, int Total, IReadOnlyList<ErasureRequestView> Requests);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/data-protection/erasure-requests", async (ErasureStatus? status, bool? all, string? school, int? page, int? pageSize, IAllocationQueries students,
                IQuerySession session, CancellationToken ct) =>
            {
                if (status is { } s && !Enum.IsDefined(s)) throw RequestValidationException.For("status", "status is AwaitingApproval, Approved, Refused or Done.");
                if (status is not null && all == true) throw RequestValidationException.For("all", "Give a status or all=true, not both.");
                if (page is < 1 or > 100_000) throw RequestValidationException.For("page", "page is 1 or more.");
                if (pageSize is < 1 or > MaxPageSize) throw RequestValidationException.For("pageSize", $"pageSize is between 1 and {MaxPageSize}.");
                ErasureStatus? wanted = all == true ? null : status ?? ErasureStatus.AwaitingApproval;
                var code = string.IsNullOrWhiteSpace(school) ? null : school.Trim();
                var (number, size) = (page ?? 1, pageSize ?? 50);

                var query = session.Query<ErasureRequestView>().AsQueryable();
                if (wanted is { } w) query = query.Where(v => v.Status == w);
                if (code is not null)
                {
                    // Requests recorded before the school was kept on them are placed by the student's school now.
                    var unplaced = await query.Where(v => v.SchoolCode == null).Select(v => v.StudentId).Distinct().ToListAsync(ct);
                    var placedHere = new List<string>();
                    foreach (var studentId in unplaced)
                        if ((await students.StudentAsync(studentId, ct))?.SchoolCode == code) placedHere.Add(studentId);
                    query = query.Where(v => v.SchoolCode == code || (v.SchoolCode == null && placedHere.Contains(v.StudentId)));
                }
                var total = await query.CountAsync(ct);
                var requests = await query.OrderBy(v => v.RequestedAt).ThenBy(v => v.RequestId).Skip((number - 1) * size).Take(size).ToListAsync(ct);
                return Results.Ok(new ErasureRequestsPage(wanted, code, number, size, total, requests));
            })
            .RequireAuthorization(DataProtectionPolicies.Read)
            .WithName("GetErasureRequests")
            .WithSummary("Erasure requests across the university, oldest first, paged: by default those awaiting the Dean's decision; status= another state, "
                + "all=true every state, school= one school's students. For the Dean, Admins and Auditors.")
            .Produces<ErasureRequestsPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
