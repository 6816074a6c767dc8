using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Meetings.ReadModels.Meetings;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.Monitoring;

internal sealed record TutorMonitoring(string TutorId, MonitoringFigures Figures);

/// <summary>A cohort's figures (LCP 17: a school may run different systems per cohort) and its policy minimum of invitations.</summary>
internal sealed record CohortMonitoring(CohortLevel Level, int MinimumInvitations, MonitoringFigures Figures);

internal sealed record MeetingMonitoringView(string SchoolCode, string AcademicYear, string Term, CohortLevel? Cohort, int MinimumInvitations, MonitoringFigures School,
    IReadOnlyList<CohortMonitoring> Cohorts, IReadOnlyList<TutorMonitoring> Tutors);

/// <summary>
/// GET /api/schools/{schoolCode}/meeting-monitoring?academicYear=&amp;term=&amp;cohort=: per tutor, per cohort and for the
/// school (or one cohort, UG/PGT/Foundation/Distance as Allocation records it), clinics offered,
/// meetings arranged, invitations, attendance and the tutees behind each gap (fewer than the policy minimum of
/// invitations in the year, ME-1; no meeting this term, ME-3/ME-4). Names for the school's Senior Tutors, the Dean and
/// admins; figures only for Governance and auditors, as Contact's compliance. Final-year (AL-9) and away (AL-2) tutees
/// are excluded from the rules. Each cohort's tutees are held to their cohort's policy (its minimum and its years
/// without a contact requirement). The tutees and their tutors come from Allocation in one query (ADR 0071).
/// </summary>
internal static class MeetingMonitoring
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/meeting-monitoring", async (string schoolCode, string? academicYear, string? term, CohortLevel? cohort, HttpContext http,
                MeetingsContext context, ITutoringPolicies policies, IQuerySession session, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var withStudents = user.IsIn(Roles.Admin, Roles.Dean) || ResourceAccess.InSchool(user, schoolCode);
                var now = context.Clock.GetUtcNow();
                var zone = TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId);
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
                if (cohort is { } asked && !Enum.IsDefined(asked)) throw RequestValidationException.For("cohort", "One of UG, PGT, Foundation, Distance.");
                AcademicYear year;
                if (academicYear is null) year = AcademicYear.Containing(today);
                else if (!AcademicYear.TryParse(academicYear, out year)) throw RequestValidationException.For("academicYear", "An academic year such as 2025-26.");
                var calendar = await context.Calendar.ForYearAsync(schoolCode, year.ToString(), ct)
                    ?? throw new NotFoundException($"School {schoolCode} has no calendar for {year}.");
                var chosen = term is null
                    ? calendar.TermContaining(today) ?? calendar.Terms.Where(t => t.Start <= today).MaxBy(t => t.Start) ?? calendar.Terms.MinBy(t => t.Start)
                    : calendar.Terms.FirstOrDefault(t => string.Equals(t.Name, term, StringComparison.OrdinalIgnoreCase))
                      ?? throw RequestValidationException.For("term", $"One of {string.Join(", ", calendar.Terms.Select(t => t.Name))}.");
                if (chosen is null) throw new NotFoundException($"The {year} calendar of {schoolCode} has no terms.");
                var start = calendar.Terms.Min(t => t.Start) < year.DefaultStart ? calendar.Terms.Min(t => t.Start) : year.DefaultStart;
                var window = new MonitoringWindow(TutorSlots.StartOf(start, zone), TutorSlots.StartOf(year.DefaultEnd.AddDays(1), zone),
                    TutorSlots.StartOf(chosen.Start, zone), TutorSlots.StartOf(chosen.End.AddDays(1), zone));

                var policy = await policies.InForceAsync(schoolCode, chosen.Start, null, ct);
                var asOf = today < chosen.End ? (today > chosen.Start ? today : chosen.Start) : chosen.End;
                var inScope = (await context.Allocation.TuteesInSchoolAsync(schoolCode, asOf, ct))
                    .Where(t => !t.Student.Status.HasLeft() && (cohort is null || t.Student.Level == cohort)).ToList();
                var cohortPolicies = new Dictionary<CohortLevel, TutoringPolicy>();
                foreach (var level in inScope.Select(t => t.Student.Level).Distinct())
                    cohortPolicies[level] = await policies.InForceAsync(schoolCode, chosen.Start, level, ct);
                var tutees = inScope.Select(t =>
                {
                    var (student, rules) = (t.Student, cohortPolicies[t.Student.Level]);
                    var excluded = !rules.ContactRequiredIn(student.YearOfStudy) ? "no-meeting-requirement" : student.Status.IsAway() ? "away" : null;
                    return new MonitoredTutee(student.StudentId, t.TutorId, student.Level, rules.MinimumMeetingsPerYear, excluded);
                }).ToList();
                var (from, until) = (window.YearFrom, window.YearUntil);
                var meetings = await session.Query<MeetingView>().Where(m => m.SchoolCode == schoolCode && m.StartsAt >= from && m.StartsAt < until).ToListAsync(ct);
                var (termFrom, termUntil) = (window.TermFrom, window.TermUntil);
                var slots = await session.Query<SlotView>().Where(s => s.SchoolCode == schoolCode && s.StartsAt >= termFrom && s.StartsAt < termUntil).ToListAsync(ct);

                var rows = MonitoringRules.PerTutee(tutees, meetings, slots, window, now);
                var minimum = cohort is { } only && cohortPolicies.TryGetValue(only, out var theirs) ? theirs.MinimumMeetingsPerYear : policy.MinimumMeetingsPerYear;
                var rowsByTutor = rows.ToLookup(r => r.Tutee.TutorId, StringComparer.Ordinal);
                var meetingsByTutor = meetings.ToLookup(m => m.TutorId, StringComparer.Ordinal);
                var slotsByTutor = slots.ToLookup(s => s.TutorId, StringComparer.Ordinal);
                // With a cohort chosen, only the tutors of its tutees; otherwise every tutor with tutees, meetings or slots.
                var tutorIds = (cohort is null ? rowsByTutor.Select(g => g.Key).Concat(meetingsByTutor.Select(g => g.Key)).Concat(slotsByTutor.Select(g => g.Key)) : rowsByTutor.Select(g => g.Key))
                    .Distinct().Order(StringComparer.Ordinal);
                var tutors = tutorIds.Select(t => new TutorMonitoring(t, MonitoringRules.Figures([.. rowsByTutor[t]], [.. meetingsByTutor[t]], [.. slotsByTutor[t]], window,
                    withStudents, onlyTheirs: cohort is not null))).ToList();
                var cohorts = rows.GroupBy(r => r.Tutee.Level).OrderBy(g => g.Key).Select(g =>
                {
                    var theirTutors = g.Select(r => r.Tutee.TutorId).ToHashSet(StringComparer.Ordinal);
                    return new CohortMonitoring(g.Key, cohortPolicies[g.Key].MinimumMeetingsPerYear, MonitoringRules.Figures([.. g], meetings,
                        [.. slots.Where(s => theirTutors.Contains(s.TutorId))], window, withStudents, onlyTheirs: true));
                }).ToList();
                var school = cohort is null
                    ? MonitoringRules.Figures(rows, meetings, slots, window, withStudents)
                    : MonitoringRules.Figures(rows, meetings, [.. slots.Where(s => rowsByTutor.Contains(s.TutorId))], window, withStudents, onlyTheirs: true);
                return Results.Ok(new MeetingMonitoringView(schoolCode, year.ToString(), chosen.Name, cohort, minimum, school, cohorts, tutors));
            })
            .RequireAuthorization(MeetingsPolicies.Monitoring)
            .RequireSchool("see meeting monitoring", Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor)
            .WithName("GetSchoolMeetingMonitoring")
            .WithSummary("Per tutor, per cohort and for the school (or one cohort) in a term: clinics offered, meetings arranged, invitations, attendance, and the tutees below the invitation minimum or unmet this term.")
            .Produces<MeetingMonitoringView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
