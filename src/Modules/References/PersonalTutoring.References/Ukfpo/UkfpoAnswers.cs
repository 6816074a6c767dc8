using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.References.Access;
using PersonalTutoring.References.Requests;

namespace PersonalTutoring.References.Ukfpo;

/// <summary>
/// The UKFPO form of a request (RE-3). GET: the form in force for the request's school and year, the answers saved so
/// far, and suggested evidence per domain from the tutoring record — never a suggested rating: the tutor decides.
/// PUT: the tutor's answers, checked against the form, kept with the draft (If-Match like the draft).
/// </summary>
internal static class UkfpoAnswers
{
    internal sealed record Request(IReadOnlyList<DomainRating>? Ratings);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Ratings).NotNull();
            RuleFor(r => r.Ratings).Must(r => r!.Count <= 20 && r.All(x => x is not null && x.Domain is { Length: <= 100 } && x.Rating is { Length: <= 100 }))
                .WithMessage("Up to 20 ratings, each naming a domain and a rating (up to 100 characters each).").When(r => r.Ratings is not null);
        }
    }

    internal static object[] Decide(ReferenceRequest state, Guid requestId, UkfpoForm form, string userId, Request r, DateTimeOffset now)
    {
        state.DemandAuthor(userId, "fill in the form");
        if (state.Kind != ReferenceKind.Ukfpo)
            throw new BusinessRuleException("not-ukfpo", "Only a UKFPO request has the structured form.");
        state.DemandStatus("filled in (accept it first)", RequestStatus.Accepted);
        var domains = form.Domains.Select(d => d.Key).ToList();
        var unknown = r.Ratings!.Where(x => !domains.Contains(x.Domain) || !form.Accepts(x.Rating)).Select(x => $"{x.Domain}: {x.Rating}").ToList();
        if (unknown.Count > 0)
            throw new BusinessRuleException("ukfpo-rating-unknown", "A rating names a domain or a point the form does not have.", new Dictionary<string, object?> { ["ratings"] = unknown });
        if (r.Ratings!.Select(x => x.Domain).Distinct().Count() != r.Ratings!.Count)
            throw new BusinessRuleException("ukfpo-rating-twice", "Rate each domain once.");
        var ordered = domains.SelectMany(d => r.Ratings!.Where(x => x.Domain == d)).ToList();
        return state.FormDomains.SequenceEqual(domains) && state.FormAnswers.SequenceEqual(ordered) ? [] : [new UkfpoAnswersSaved(requestId, form.Id, domains, ordered, userId, now)];
    }

    internal sealed record DomainEvidence(string Domain, string Label, IReadOnlyList<string> SuggestedEvidence, string? Rating);

    internal sealed record FormSheet(Guid RequestId, UkfpoForm Form, IReadOnlyList<DomainEvidence> Domains, long Version);

    /// <summary>
    /// The record's facts every domain can draw on: how long the author has tutored the tutee, their contacts in the last
    /// year, and the academic-record facts the student-record system sent.
    /// </summary>
    internal static IReadOnlyList<string> RecordFacts(string authorId, IReadOnlyList<TutorAssignment> assignments, IReadOnlyList<ContactPoint> contacts,
        AcademicRecords.AcademicFacts? academic = null)
    {
        var facts = new List<string>();
        foreach (var period in assignments.Where(a => a.TutorId == authorId))
            facts.Add(period.To is { } to ? $"You were their personal tutor from {period.From:yyyy-MM-dd} to {to:yyyy-MM-dd}." : $"Their personal tutor since {period.From:yyyy-MM-dd}.");
        facts.Add($"{contacts.Count} recorded contacts in the last 12 months, {contacts.Count(c => c.EnquiredAboutProgressAndWellbeing)} with a progress and wellbeing check-in.");
        if (academic is null) return facts;
        facts.AddRange(academic.ProgressDecisions.Select(d => $"Progress decision {d.AcademicYear}: {d.Decision}."));
        if (academic.ResultsSummary is { Length: > 0 } results) facts.Add($"Results: {results}");
        if (academic.AttendancePercentage is { } attendance) facts.Add($"Attendance: {attendance:0.#}%.");
        if (academic.PortfolioStatus is { Length: > 0 } portfolio) facts.Add($"Portfolio: {portfolio}");
        return facts;
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reference-requests/{requestId:guid}/ukfpo-form", async (Guid requestId, HttpContext http, IQuerySession session, IAllocationQueries allocation,
                TimeProvider clock, CancellationToken ct) =>
            {
                var request = http.RequestCaller().Request;
                if (request.Kind != ReferenceKind.Ukfpo) throw new NotFoundException($"Reference request {requestId} is not a UKFPO request.");
                var form = await UkfpoFormProjection.InForceAsync(session, request.SchoolCode, UkfpoForm.AcademicYearOf(DateOnly.FromDateTime(request.RequestedAt.UtcDateTime)), ct);
                var key = ReferenceRequest.StreamId(requestId);
                var state = await session.Events.AggregateStreamAsync<ReferenceRequest>(key, token: ct) ?? ReferenceRequest.Initial;
                var version = (await session.Events.FetchStreamStateAsync(key, ct))?.Version ?? 0;
                var now = clock.GetUtcNow();
                // Contact is optional to this module: without it the record facts are the tutor periods alone.
                var contacts = http.RequestServices.GetService(typeof(IContactQueries)) is IContactQueries contact ? await contact.ContactsOfAsync(request.StudentId, now.AddYears(-1), now, ct) : [];
                var academic = await session.LoadAsync<AcademicRecords.AcademicRecordView>(request.StudentId, ct);
                var facts = RecordFacts(request.TutorId, await allocation.AssignmentsAsync(request.StudentId, ct), contacts, academic?.Facts);
                http.Response.SetVersion(version);
                return Results.Ok(new FormSheet(requestId, form, [.. form.Domains.Select(d => new DomainEvidence(d.Key, d.Label,
                    [d.EvidenceHint, .. facts], state.FormAnswers.FirstOrDefault(a => a.Domain == d.Key)?.Rating))], version));
            })
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Tutoring, "read the UKFPO form")
            .WithName("GetUkfpoFormSheet")
            .WithVersionHeaders()
            .WithSummary("A UKFPO request's form: domains and scale in force, the saved ratings, and suggested evidence from the record (never a rating).")
            .Produces<FormSheet>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPut("/api/reference-requests/{requestId:guid}/ukfpo-form", async (Guid requestId, Request request, HttpContext http, TimeProvider clock,
                IDocumentSession session, CancellationToken ct) =>
            {
                var caller = http.RequestCaller();
                var year = UkfpoForm.AcademicYearOf(DateOnly.FromDateTime(caller.Request.RequestedAt.UtcDateTime));
                var form = await UkfpoFormProjection.InForceAsync(session, caller.Request.SchoolCode, year, ct);
                var (_, version) = await ReferenceWrites.DecideAndAppendAsync(session, http, requestId, s => Decide(s, requestId, form, caller.User.Id, request, clock.GetUtcNow()), ct);
                return Results.Ok(new SavedAnswers(requestId, version));
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.Tutor)
            .RequireReference(ReferenceRelation.Author, "fill in the UKFPO form")
            .WithName("SaveUkfpoAnswers")
            .WithVersionHeaders()
            .WithSummary("Saves the author's ratings on a UKFPO request's form; each is checked against the form in force.")
            .Produces<SavedAnswers>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    internal sealed record SavedAnswers(Guid RequestId, long Version);
}
