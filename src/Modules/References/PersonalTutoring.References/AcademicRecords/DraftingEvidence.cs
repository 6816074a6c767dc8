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
/// tutee's current tutor — the tutor periods (Allocation), the tutoring contacts of the last two years without any note
/// text (Contact), and the academic-record facts the student-record system sent. Consent on the request is shown with
/// it, so the author sees what may not be mentioned.
/// </summary>
internal static class DraftingEvidence
{
    internal sealed record Evidence(
        Guid RequestId, string StudentId, ReferenceConsentView Consent, IReadOnlyList<TutorAssignment> TutorPeriods, IReadOnlyList<ContactPoint> Contacts,
        AcademicFacts? AcademicRecord, DateTimeOffset? AcademicRecordReceivedAt);

    /// <summary>What the tutee agreed may be mentioned; health and circumstances disclosed in confidence otherwise stay out.</summary>
    internal sealed record ReferenceConsentView(bool Health, bool PersonalCircumstances);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/reference-requests/{requestId:guid}/evidence", async (Guid requestId, HttpContext http, IQuerySession session, IAllocationQueries allocation,
                TimeProvider clock, CancellationToken ct) =>
            {
                var request = http.RequestCaller().Request;
                var now = clock.GetUtcNow();
                // Contact is another module: without it the evidence has no contacts rather than failing.
                var contacts = http.RequestServices.GetService(typeof(IContactQueries)) is IContactQueries contact
                    ? await contact.ContactsOfAsync(request.StudentId, now.AddYears(-2), now, ct)
                    : [];
                var academic = await session.LoadAsync<AcademicRecordView>(request.StudentId, ct);
                return Results.Ok(new Evidence(requestId, request.StudentId, new(request.Consent.Health, request.Consent.PersonalCircumstances),
                    await allocation.AssignmentsAsync(request.StudentId, ct), contacts, academic?.Facts, academic?.ReceivedAt));
            })
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Tutoring, "read the drafting evidence")
            .WithName("GetReferenceEvidence")
            .WithSummary("The evidence a referee drafts from: tutor periods, tutoring contacts (no note text) and the academic-record facts; with the tutee's consent.")
            .Produces<Evidence>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
