using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.References.Ukfpo;

/// <summary>
/// PUT /api/schools/{schoolCode}/ukfpo-forms/{academicYear}: a school sets its UKFPO form for a year (RE-3); GET answers
/// the form in force (the default until the school sets one). Every version is kept in the form's stream.
/// </summary>
internal static class ConfigureUkfpoForm
{
    internal sealed record Request(IReadOnlyList<RatingDomain>? Domains, IReadOnlyList<string>? Scale, string? UnableToComment);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Domains).NotEmpty();
            RuleFor(r => r.Domains).Must(d => d!.Count <= 20).WithMessage("At most 20 domains.")
                .Must(d => d!.All(x => x is not null && !string.IsNullOrWhiteSpace(x.Key) && x.Key.Length <= 50 && !string.IsNullOrWhiteSpace(x.Label)
                    && x.Label.Length <= 200 && (x.EvidenceHint ?? "").Length <= 1000))
                .WithMessage("Every domain needs a key (up to 50 characters), a label (up to 200) and an evidence hint (up to 1,000).")
                .Must(d => d!.Where(x => x is not null).Select(x => x.Key).Distinct(StringComparer.Ordinal).Count() == d!.Count).WithMessage("Domain keys must be unique.")
                .When(r => r.Domains is { Count: > 0 });
            RuleFor(r => r.Scale).NotEmpty();
            RuleFor(r => r.Scale).Must(s => s!.Count is >= 2 and <= 10).WithMessage("A scale has 2 to 10 points.")
                .Must(s => s!.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 100)).WithMessage("Every point of the scale needs a label (up to 100 characters).")
                .Must(s => s!.Distinct(StringComparer.Ordinal).Count() == s!.Count).WithMessage("The scale's labels must be unique.")
                .When(r => r.Scale is { Count: > 0 });
            RuleFor(r => r.UnableToComment).NotEmpty().MaximumLength(100)
                .Must((r, u) => r.Scale is null || !r.Scale.Contains(u ?? "")).WithMessage("\"Unable to comment\" must differ from every point of the scale.");
        }
    }

    internal static bool IsAcademicYear(string year) =>
        year.Length == 7 && int.TryParse(year[..4], out var start) && year[4] == '-' && int.TryParse(year[5..], out var end) && (start + 1) % 100 == end;

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/api/schools/{schoolCode}/ukfpo-forms/{academicYear}", async (string schoolCode, string academicYear, Request request, HttpContext http,
                TimeProvider clock, IDocumentSession session, CancellationToken ct) =>
            {
                if (!IsAcademicYear(academicYear)) throw RequestValidationException.For("academicYear", "An academic year such as 2025-26.");
                var code = schoolCode.ToUpperInvariant();
                var stream = await session.Events.FetchForWriting<UkfpoFormStream>(UkfpoForm.StreamId(code, academicYear), ct);
                stream.AppendDecision(http, [new UkfpoFormConfigured(code, academicYear, [.. request.Domains!.Select(d => d with { EvidenceHint = d.EvidenceHint ?? "" })],
                    request.Scale!, request.UnableToComment!, http.CurrentUser().Id, clock.GetUtcNow())]);
                await session.SaveChangesAsync(ct);
                return Results.Ok(await UkfpoFormProjection.InForceAsync(session, code, academicYear, ct));
            })
            .Validate<Request>()
            .RequireAuthorization(ReferencesPolicies.ConfigureForms)
            .RequireSchool("set the UKFPO form")
            .WithName("ConfigureUkfpoForm")
            .WithVersionHeaders()
            .WithSummary("Sets a school's UKFPO structured-reference form for an academic year: rating domains with evidence hints, the scale and \"unable to comment\".")
            .Produces<UkfpoForm>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        app.MapGet("/api/schools/{schoolCode}/ukfpo-forms/{academicYear}", async (string schoolCode, string academicYear, IQuerySession session, CancellationToken ct) =>
                IsAcademicYear(academicYear)
                    ? Results.Ok(await UkfpoFormProjection.InForceAsync(session, schoolCode, academicYear, ct))
                    : throw RequestValidationException.For("academicYear", "An academic year such as 2025-26."))
            .RequireAuthorization(ReferencesPolicies.ReadForms)
            .RequireResource((http, user) =>
            {
                // Tutors read the forms of the schools in their token; the Dean and Admin every school's (as policies, ADR 0043).
                var code = http.RouteValue("schoolCode");
                if (!(user.IsIn(Roles.Tutor) && user.HasSchool(code))) ResourceAccess.DemandSchool(user, code, "read the UKFPO form");
                return Task.CompletedTask;
            })
            .WithName("GetUkfpoForm")
            .WithSummary("The UKFPO form in force for a school and academic year (the default until the school sets one).")
            .Produces<UkfpoForm>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}

/// <summary>The form stream's write model: nothing to decide beyond the version (every configuration replaces the last).</summary>
internal sealed record UkfpoFormStream : BuildingBlocks.EventSourcing.IWriteModel<UkfpoFormStream>
{
    public string Id { get; init; } = "";

    public static UkfpoFormStream Initial => new();

    public UkfpoFormStream Evolve(JasperFx.Events.IEvent @event) => this;
}
