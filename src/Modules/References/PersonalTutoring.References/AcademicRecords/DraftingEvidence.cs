using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.References.Access;

namespace PersonalTutoring.References.AcademicRecords;

/// <summary>
/// GET /api/reference-requests/{requestId}/evidence: the draft screen's data (issue 13 item 2) for the author and the
/// tutee's current tutor — the tutor periods (Allocation); from the tutoring record (Contact) the contacts of the last
/// two years without any note text, objectives and their outcomes, support accessed (services only, from referrals made
/// with the tutee's consent, and only when the request's consent allows health or circumstances to be mentioned) and
/// the concerns the author raised; and the academic-record facts the student-record system sent.
/// </summary>
internal static class DraftingEvidence
{
    internal sealed record Evidence(
        Guid RequestId, string StudentId, ReferenceConsentView Consent, IReadOnlyList<TutorAssignment> TutorPeriods, IReadOnlyList<ContactPoint> Contacts,
        IReadOnlyList<ObjectivePoint> Objectives, IReadOnlyList<string> SupportAccessed, IReadOnlyList<ConcernPoint> ConcernsAuthorRaised,
        AcademicFacts? AcademicRecord, DateTimeOffset? AcademicRecordReceivedAt);

    /// <summary>Support the tutee accessed is about their health or circumstances: it is offered only when they ticked either.</summary>
    internal static IReadOnlyList<string> SupportToShow(RefereeEvidence record, bool health, bool circumstances) => health || circumstances ? record.SupportAccessed : [];

    /// <summary>What the tutee agreed may be mentioned; health and circumstances disclosed in confidence otherwise stay out.</summary>
    internal sealed record ReferenceConsentView(bool Health, bool PersonalCircumstances);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/reference-requests/{requestId:guid}/evidence", async (Guid requestId, HttpContext http, IQuerySession session, IAllocationQueries allocation,
                TimeProvider clock, CancellationToken ct) =>
            {
                var request = http.RequestCaller().Request;
                var now = clock.GetUtcNow();
                // Contact is another module: without it the evidence has no contacts rather than failing.
                var contact = http.RequestServices.GetService(typeof(IContactQueries)) as IContactQueries;
                var contacts = contact is null ? [] : await contact.ContactsOfAsync(request.StudentId, now.AddYears(-2), now, ct);
                var record = contact is null ? new RefereeEvidence([], [], []) : await contact.RefereeEvidenceAsync(request.StudentId, request.TutorId, ct);
                var academic = await session.LoadAsync<AcademicRecordView>(request.StudentId, ct);
                var consent = request.Consent;
                return Results.Ok(new Evidence(requestId, request.StudentId, new(consent.Health, consent.PersonalCircumstances),
                    await allocation.AssignmentsAsync(request.StudentId, ct), contacts, record.Objectives, SupportToShow(record, consent.Health, consent.PersonalCircumstances),
                    record.ConcernsRaisedByReferee, academic?.Facts, academic?.ReceivedAt));
            })
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Tutoring, "read the drafting evidence")
            .WithName("GetReferenceEvidence")
            .WithSummary("The evidence a referee drafts from: tutor periods, tutoring contacts (no note text) and the academic-record facts; with the tutee's consent.")
            .Produces<Evidence>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
