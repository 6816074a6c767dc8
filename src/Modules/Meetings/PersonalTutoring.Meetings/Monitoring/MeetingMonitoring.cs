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

internal sealed record MeetingMonitoringView(string SchoolCode, string AcademicYear, string Term, int MinimumInvitations, MonitoringFigures School, IReadOnlyList<TutorMonitoring> Tutors);

/// <summary>
/// GET /api/schools/{schoolCode}/meeting-monitoring?academicYear=&amp;term=: per tutor and for the school, clinics offered,
/// meetings arranged, invitations, attendance and the tutees behind each gap (fewer than the policy minimum of
/// invitations in the year, ME-1; no meeting this term, ME-3/ME-4). Names for the school's Senior Tutors, the Dean and
/// admins; figures only for Governance and auditors, as Contact's compliance. Final-year (AL-9) and away (AL-2) tutees
/// are excluded from the rules.
/// </summary>
internal static class MeetingMonitoring
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/schools/{schoolCode}/meeting-monitoring", async (string schoolCode, string? academicYear, string? term, HttpContext http,
                MeetingsContext context, ITutoringPolicies policies, IQuerySession session, CancellationToken ct) =>
            {
                var user = http.CurrentUser();
                var withStudents = user.IsIn(Roles.Admin, Roles.Dean) || ResourceAccess.InSchool(user, schoolCode);
                var now = context.Clock.GetUtcNow();
                var zone = TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId);
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
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
                var tutees = new List<MonitoredTutee>();
                var asOf = today < chosen.End ? (today > chosen.Start ? today : chosen.Start) : chosen.End;
                foreach (var student in (await context.Allocation.StudentsInSchoolAsync(schoolCode, ct)).Where(s => !s.Status.HasLeft()))
                {
                    var tutor = (await context.Allocation.AssignmentsAsync(student.StudentId, ct)).LastOrDefault(a => a.CoversDate(asOf))?.TutorId;
                    if (tutor is null) continue; // not a tutee in the term
                    var excluded = !policy.ContactRequiredIn(student.YearOfStudy) ? "no-meeting-requirement" : student.Status.IsAway() ? "away" : null;
                    tutees.Add(new MonitoredTutee(student.StudentId, tutor, excluded));
                }
                var (from, until) = (window.YearFrom, window.YearUntil);
                var meetings = await session.Query<MeetingView>().Where(m => m.SchoolCode == schoolCode && m.StartsAt >= from && m.StartsAt < until).ToListAsync(ct);
                var (termFrom, termUntil) = (window.TermFrom, window.TermUntil);
                var slots = await session.Query<SlotView>().Where(s => s.SchoolCode == schoolCode && s.StartsAt >= termFrom && s.StartsAt < termUntil).ToListAsync(ct);

                var rows = MonitoringRules.PerTutee(tutees, meetings, slots, window, now);
                var minimum = policy.MinimumMeetingsPerYear;
                var tutors = rows.Select(r => r.TutorId!).Concat(meetings.Select(m => m.TutorId)).Concat(slots.Select(s => s.TutorId)).Distinct().Order(StringComparer.Ordinal)
                    .Select(t => new TutorMonitoring(t, MonitoringRules.Figures([.. rows.Where(r => r.TutorId == t)], [.. meetings.Where(m => m.TutorId == t)],
                        [.. slots.Where(s => s.TutorId == t)], window, minimum, withStudents))).ToList();
                return Results.Ok(new MeetingMonitoringView(schoolCode, year.ToString(), chosen.Name, minimum,
                    MonitoringRules.Figures(rows, meetings, slots, window, minimum, withStudents), tutors));
            })
            .RequireAuthorization(MeetingsPolicies.Monitoring)
            .RequireSchool("see meeting monitoring", Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor)
            .WithName("GetSchoolMeetingMonitoring")
            .WithSummary("Per tutor and for the school in a term: clinics offered, meetings arranged, invitations, attendance, and the tutees below the invitation minimum or unmet this term.")
            .Produces<MeetingMonitoringView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
