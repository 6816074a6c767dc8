using PersonalTutoring.BuildingBlocks.Privacy;
using System.Text.Json;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.Access;

namespace PersonalTutoring.References.Requests.Issuing;

/// <summary>
/// POST /api/reference-requests/{requestId}/issues: the author issues the current draft (RE-1, RE-2). Issuing needs the
/// author's attestation that it is true, accurate and not unfair overall, and states the period and capacity in which
/// the author knew the tutee. A second issue is a correction: a new version linked to the old, with its reason.
/// </summary>
internal static class IssueReference
{
    internal sealed record Attestation(bool IsTrue, bool IsAccurate, bool IsNotUnfairOverall);

    internal sealed record Request(Attestation? Attestation, DateOnly? KnownFrom, DateOnly? KnownTo, string? Capacity, string? CorrectionReason);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Attestation).NotNull();
            RuleFor(r => r.KnownFrom).NotNull();
            RuleFor(r => r.KnownTo).GreaterThanOrEqualTo(r => r.KnownFrom).When(r => r.KnownTo is not null && r.KnownFrom is not null);
            RuleFor(r => r.Capacity).NotEmpty().MaximumLength(300);
            RuleFor(r => r.CorrectionReason).NotEmpty().MaximumLength(2000).When(r => r.CorrectionReason is not null);
        }
    }

    internal static object[] Decide(ReferenceRequest state, Guid requestId, string userId, Request r, DateTimeOffset now)
    {
        state.DemandAuthor(userId, "issue the reference");
        state.DemandStatus("issued (accept it first)", RequestStatus.Accepted);
        if (r.Attestation is not { IsTrue: true, IsAccurate: true, IsNotUnfairOverall: true })
            throw new BusinessRuleException("attestation-required", "Attest that the reference is true, accurate and not unfair overall before issuing it.");
        if (string.IsNullOrWhiteSpace(state.Draft))
            throw new BusinessRuleException("no-draft", "There is no draft to issue.");
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (r.KnownFrom!.Value > today || r.KnownTo > today)
            throw new BusinessRuleException("known-period-future", "The period in which you knew the tutee cannot lie in the future.");
        var correction = state.IssuedVersions > 0;
        if (correction && r.CorrectionReason is null)
            throw new BusinessRuleException("correction-reason-required", "The reference was issued already: a new version is a correction and needs its reason.");
        var answers = state.Kind == ReferenceKind.Ukfpo ? CompleteForm(state) : null;
        if (correction && state.Draft == state.LastIssuedText && SameAnswers(answers, state.LastIssuedAnswers))
            throw new BusinessRuleException("correction-unchanged", "The draft is the text already issued; change it to issue a correction.");
        var capacity = r.Capacity!.Trim();
        var hash = ContentHash.Of(state.Draft, answers is null ? null : JsonSerializer.Serialize(answers), userId, state.Recipient, r.KnownFrom.Value, r.KnownTo, capacity, now);
        return
        [
            new ReferenceIssued(requestId, state.IssuedVersions + 1, state.StudentId, Drafting.SaveDraft.ReferenceText(state, state.Draft), userId, state.Recipient, r.KnownFrom.Value, r.KnownTo, capacity,
                Attested: true, hash, correction ? state.IssuedVersions : null, correction ? r.CorrectionReason!.Trim() : null, now, answers),
        ];
    }

    /// <summary>A UKFPO reference is issued with its form (RE-3): every domain of the form answered, in the form's order.</summary>
    private static IReadOnlyList<DomainRating> CompleteForm(ReferenceRequest state)
    {
        var missing = state.FormDomains.Count == 0 ? ["(no form saved)"] : state.FormDomains.Where(d => state.FormAnswers.All(a => a.Domain != d)).ToList();
        if (missing.Count > 0)
            throw new BusinessRuleException("ukfpo-form-incomplete", "Rate every domain of the UKFPO form (or choose \"unable to comment\") before issuing.",
                new Dictionary<string, object?> { ["missing"] = missing });
        return [.. state.FormDomains.Select(d => state.FormAnswers.First(a => a.Domain == d))];
    }

    private static bool SameAnswers(IReadOnlyList<DomainRating>? a, IReadOnlyList<DomainRating>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);

    internal sealed record Issued(Guid RequestId, int Version, string ContentHash, int? Supersedes);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/reference-requests/{requestId:guid}/issues", async (Guid requestId, Request request, HttpContext http, TimeProvider clock,
                IDocumentSession session, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                var (events, _) = await ReferenceWrites.DecideAndAppendAsync(session, http, requestId, s => Decide(s, requestId, caller.User.Id, request, clock.GetUtcNow()), ct);
                var issued = events.OfType<ReferenceIssued>().SingleOrDefault()
                    ?? throw new ConflictException("Nothing was issued."); // unreachable: Decide issues or throws
                return Results.Created($"/api/reference-requests/{requestId}/issued/{issued.Version}", new Issued(requestId, issued.Version, issued.ContentHash, issued.Supersedes));
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Author, "issue the reference")
            .WithName("IssueReference")
            .WithVersionHeaders()
            .WithSummary("Issues the current draft as an immutable retained copy, with the author's attestation; a second issue is a correction.")
            .Produces<Issued>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
