using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Schools.ReadModels;

namespace PersonalTutoring.Governance.Schools.RegisteringSchool;

/// <summary>PUT /api/schools/{schoolCode}: registers a school or changes its details. Admin only.</summary>
internal static class RegisterSchool
{
    internal sealed record Request(string? Name, string? College);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.College).MaximumLength(200);
        }
    }

    /// <summary>Registering twice with the same details decides nothing, so a retried PUT appends nothing.</summary>
    internal static object[] Decide(School state, string schoolCode, Request request, DateTimeOffset now)
    {
        var name = request.Name!.Trim();
        var college = string.IsNullOrWhiteSpace(request.College) ? null : request.College.Trim();
        if (!state.Exists) return [new SchoolRegistered(schoolCode, name, college, now)];
        if (state.Name == name && state.College == college) return [];
        return [new SchoolDetailsChanged(schoolCode, name, college, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/schools/{schoolCode}", async (string schoolCode, Request request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                SchoolCodes.Demand(schoolCode);
                var current = await session.Events.FetchForWriting<School>(School.StreamId(schoolCode), ct);
                current.AppendDecision(http, Decide(current.State, schoolCode, request, clock.GetUtcNow()));
                await session.SaveChangesAsync(ct);
                var view = new SchoolView(schoolCode, request.Name!.Trim(), string.IsNullOrWhiteSpace(request.College) ? null : request.College.Trim());
                return current.Exists ? Results.Ok(view) : Results.Created($"/api/schools/{schoolCode}", view);
            })
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.ManageSchools)
            .WithName("PutSchool")
            .WithVersionHeaders()
            .WithSummary("Registers a school, or changes its name and college. Idempotent; If-Match guards against lost updates.")
            .Produces<SchoolView>(StatusCodes.Status201Created)
            .Produces<SchoolView>()
            .ProducesProblem(StatusCodes.Status409Conflict);
}

/// <summary>School codes appear in URLs and tokens: short, upper-case, unambiguous.</summary>
internal static partial class SchoolCodes
{
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,15}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    public static void Demand(string code)
    {
        if (!IsValid(code))
            throw RequestValidationException.For("schoolCode", "A school code is 2-16 upper-case letters, digits or hyphens, e.g. MED or UCL-MS.");
    }
}
