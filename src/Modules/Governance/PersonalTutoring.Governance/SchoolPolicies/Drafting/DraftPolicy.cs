using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.SchoolPolicies.ReadModels;

namespace PersonalTutoring.Governance.SchoolPolicies.Drafting;

/// <summary>
/// PUT /api/schools/{schoolCode}/policies/{academicYear}: drafts the school's tutoring policy for a year (GO-3).
/// The latest version is revised while it is a draft; once any approval step is recorded it is frozen and a PUT
/// starts a new draft version that goes through approval again.
/// </summary>
internal static class DraftPolicy
{
    internal sealed record Request(
        int? CaseloadTarget,
        int? CaseloadMaximum,
        int? AllocationDeadlineDays,
        IReadOnlyList<YearBlock>? AllocationBlocks,
        IReadOnlyList<int>? YearsWithoutContactRequirement,
        int? MinimumMeetingsPerYear,
        bool? MonthlyTermTimeContact,
        int? CheckInsPerSemester,
        int? ResponseWorkingDays,
        int? WelcomePeriodDays,
        int? UnansweredAttemptsBeforeEscalation,
        decimal? WorkloadHoursPerTutee,
        IReadOnlyList<string>? ExtraResponsibilities,
        string? HandbookUrl,
        IReadOnlyList<PolicyOverride>? Overrides,
        int? FirstTrainingWithinYears = null,
        int? TrainingEveryYears = null,
        int? QuizWithinYears = null,
        int? OneToOneMinMinutes = null,
        int? OneToOneMaxMinutes = null,
        int? GroupMinMinutes = null,
        int? GroupMaxMinutes = null,
        int? BookingCancellationCutoffHours = null)
    {
        /// <summary>The settings once the validator has seen every required field; lists left out mean none.</summary>
        public PolicySettings? Settings() =>
            CaseloadTarget is null || CaseloadMaximum is null || AllocationDeadlineDays is null || MinimumMeetingsPerYear is null
            || MonthlyTermTimeContact is null || CheckInsPerSemester is null || ResponseWorkingDays is null || WelcomePeriodDays is null
            || UnansweredAttemptsBeforeEscalation is null || WorkloadHoursPerTutee is null
                ? null
                : new(CaseloadTarget.Value, CaseloadMaximum.Value, AllocationDeadlineDays.Value, AllocationBlocks ?? [],
                    YearsWithoutContactRequirement ?? [], MinimumMeetingsPerYear.Value, MonthlyTermTimeContact.Value,
                    CheckInsPerSemester.Value, ResponseWorkingDays.Value, WelcomePeriodDays.Value,
                    UnansweredAttemptsBeforeEscalation.Value, WorkloadHoursPerTutee.Value,
                    (ExtraResponsibilities ?? []).Select(r => r?.Trim() ?? "").ToList(),
                    string.IsNullOrWhiteSpace(HandbookUrl) ? null : HandbookUrl.Trim(),
                    FirstTrainingWithinYears ?? UniversityDefault.FirstTrainingWithinYears,
                    TrainingEveryYears ?? UniversityDefault.TrainingEveryYears,
                    QuizWithinYears ?? UniversityDefault.QuizWithinYears,
                    OneToOneMinMinutes, OneToOneMaxMinutes, GroupMinMinutes, GroupMaxMinutes, BookingCancellationCutoffHours);

        public PolicyTerms Terms() => new(Settings()!, Overrides ?? []);
    }

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.CaseloadTarget).NotNull();
            RuleFor(r => r.CaseloadMaximum).NotNull();
            RuleFor(r => r.AllocationDeadlineDays).NotNull();
            RuleFor(r => r.MinimumMeetingsPerYear).NotNull();
            RuleFor(r => r.MonthlyTermTimeContact).NotNull();
            RuleFor(r => r.CheckInsPerSemester).NotNull();
            RuleFor(r => r.ResponseWorkingDays).NotNull();
            RuleFor(r => r.WelcomePeriodDays).NotNull();
            RuleFor(r => r.UnansweredAttemptsBeforeEscalation).NotNull();
            RuleFor(r => r.WorkloadHoursPerTutee).NotNull();
            RuleFor(r => r.AllocationBlocks).Must(b => b is null || b.All(x => x is not null)).WithMessage("A block cannot be null.");
            RuleFor(r => r.ExtraResponsibilities).Must(x => x is null || x.Count <= 50).WithMessage("At most 50 extra responsibilities.");
            RuleFor(r => r.Overrides).Must(o => o is null || o.All(x => x is not null) && o.Select(x => x.Level).Distinct().Count() == o.Count)
                .WithMessage("Each cohort level has at most one override.");
            RuleForEach(r => r.Overrides).ChildRules(o => o.RuleFor(x => x.Level).NotNull());
            RuleFor(r => r).Custom((request, context) =>
            {
                if (request.Settings() is not { } settings) return;
                foreach (var (field, message) in PolicyChecks.Errors(settings)) context.AddFailure(field, message);
                var overrides = request.Overrides ?? [];
                for (var i = 0; i < overrides.Count; i++)
                    if (overrides[i]?.Level is not null)
                        foreach (var (field, message) in PolicyChecks.Errors(overrides[i].ApplyTo(settings)))
                            context.AddFailure($"Overrides[{i}].{field}", message);
            });
        }
    }

    /// <summary>The same content as the latest version (draft or approved) decides nothing, so a retried PUT appends nothing.</summary>
    internal static object[] Decide(SchoolPolicy state, string schoolCode, string academicYear, PolicyTerms terms, string by, DateTimeOffset now)
    {
        if (state.Latest is not { } latest) return [new PolicyDrafted(schoolCode, academicYear, 1, terms, by, now)];
        if (latest.Terms.SameAs(terms)) return [];
        return latest.Stage == PolicyStage.Draft
            ? [new PolicyDraftRevised(schoolCode, academicYear, latest.Number, terms, by, now)]
            : [new PolicyDrafted(schoolCode, academicYear, latest.Number + 1, terms, by, now)];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/schools/{schoolCode}/policies/{academicYear}", async (string schoolCode, string academicYear, Request request,
                HttpContext http, IDocumentSession session, ISchoolDirectory schools, TimeProvider clock, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var year = GovernanceAccess.Year(academicYear).ToString();
                await GovernanceAccess.DemandSchoolExistsAsync(schools, schoolCode, ct);
                var stream = SchoolPolicy.StreamId(schoolCode, year);
                var current = await session.Events.FetchForWriting<SchoolPolicy>(stream, ct);
                var events = Decide(current.State, schoolCode, year, request.Terms(), user.Id, clock.GetUtcNow());
                current.AppendDecision(http, events);
                await session.SaveChangesAsync(ct);
                var view = await PolicyVersionsView.LoadAsync(session, schoolCode, year, ct);
                return events.FirstOrDefault() is PolicyDrafted
                    ? Results.Created($"/api/schools/{schoolCode}/policies/{year}", view)
                    : Results.Ok(view);
            })
            .Validate<Request>()
            .RequireAuthorization(GovernancePolicies.DraftPolicies)
            .RequireSchool("draft the tutoring policy", Roles.Admin)
            .WithName("PutPolicyDraft")
            .WithVersionHeaders()
            .WithSummary("Drafts or revises a school's tutoring policy for an academic year; after any approval a change starts a new version.")
            .Produces<PolicyVersionsView>(StatusCodes.Status201Created)
            .Produces<PolicyVersionsView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
