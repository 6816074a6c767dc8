using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Appointments;
using PersonalTutoring.Governance.Appointments.Appointing;
using PersonalTutoring.Governance.Calendars;
using PersonalTutoring.Governance.Calendars.Defining;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.SchoolPolicies;
using PersonalTutoring.Governance.SchoolPolicies.Approving;
using PersonalTutoring.Governance.SchoolPolicies.Drafting;
using PersonalTutoring.Governance.Schools;
using PersonalTutoring.Governance.Schools.RegisteringSchool;

namespace PersonalTutoring.Governance.Demo;

/// <summary>
/// The demo data set, written through the same deciders as the API so it obeys every rule. Idempotent: each
/// decider decides nothing for what is already there, so running it twice appends nothing.
/// </summary>
internal static class GovernanceDemo
{
    private const string By = "seed-demo";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var now = clock.GetUtcNow();
        var today = GovernanceAccess.Today(clock);

        await DecideAsync<School>(services, School.StreamId("MED"), s => RegisterSchool.Decide(s, "MED",
            new("Medical School", "Faculty of Medical Sciences"), now), ct);
        await DecideAsync<School>(services, School.StreamId("ENG"), s => RegisterSchool.Decide(s, "ENG",
            new("School of Engineering", "College of Science and Engineering"), now), ct);

        foreach (var (school, year, content) in DemoCalendars.All())
            await DecideAsync<AcademicCalendar>(services, AcademicCalendar.StreamId(school, year.ToString()),
                s => DefineCalendar.Decide(s, school, year.ToString(), content, By, now), ct);

        foreach (var year in new[] { new AcademicYear(2025), new AcademicYear(2026) })
        {
            await SeedPolicyAsync(services, "MED", year, DemoPolicies.Medicine(year), today, now, ct);
            await SeedPolicyAsync(services, "ENG", year, DemoPolicies.Engineering(year), today, now, ct);
        }

        await DecideAsync<AppointmentRegister>(services, AppointmentRegister.DeanStreamId,
            s => AppointDean.Decide(s, Guid.NewGuid(), new("staff-dean-1", "Professor Helen Carter", new DateOnly(2024, 8, 1), null), By, now), ct);
        var seniorTutors = new (string School, AppointSeniorTutor.Request Request)[]
        {
            ("MED", new("staff-med-st1", "Dr Amara Okafor", "Years 1–3 (fundamentals and integrated clinical care)", new(2023, 9, 1), new(2026, 8, 31))),
            ("MED", new("staff-med-st2", "Dr James Whitfield", "Years 4–6 (clinical years)", new(2025, 9, 1), new(2028, 8, 31))),
            ("MED", new("staff-med-st3", "Dr Priya Raman", "Years 1–3 (fundamentals and integrated clinical care)", new(2026, 9, 1), new(2029, 8, 31))),
            // A two-year appointment that has lapsed: the demo shows both GO-2 flags (short term, no Senior Tutor today).
            ("ENG", new("staff-eng-st1", "Dr Tom Hughes", null, new(2024, 9, 1), new(2026, 8, 31))),
        };
        foreach (var (school, request) in seniorTutors)
            await DecideAsync<AppointmentRegister>(services, AppointmentRegister.SeniorTutorStreamId(school),
                s => AppointSeniorTutor.Decide(s, Guid.NewGuid(), school, request, By, now), ct);
    }

    /// <summary>
    /// Drafts the policy, then records each GO-3 step on the latest version; a step already recorded decides nothing.
    /// Steps dated after today are left for later, so on an earlier clock the demo shows a policy still in approval.
    /// </summary>
    private static async Task SeedPolicyAsync(IServiceProvider services, string school, AcademicYear year, PolicyTerms terms, DateOnly today,
        DateTimeOffset now, CancellationToken ct)
    {
        var stream = SchoolPolicy.StreamId(school, year.ToString());
        await DecideAsync<SchoolPolicy>(services, stream, s => DraftPolicy.Decide(s, school, year.ToString(), terms, By, now), ct);
        var (committee, dean, shared) = DemoPolicies.ApprovalDates(year);
        foreach (var (step, on, reference) in new[]
                 {
                     (ApprovalStep.Committee, committee, $"SEC {year} minute 4.2"),
                     (ApprovalStep.Dean, dean, $"Dean of Personal Tutoring, decision {year}/{school}"),
                     (ApprovalStep.Shared, shared, $"SWISC {year} paper 7"),
                 })
        {
            if (on > today) return;
            await DecideAsync<SchoolPolicy>(services, stream, s =>
                RecordApproval.Decide(s, school, year.ToString(), s.Latest!.Number, step, on, reference, By, today, now), ct);
        }
    }

    /// <summary>One decision, one unit of work of its own (a scope and its session), as a request would be.</summary>
    private static async Task DecideAsync<T>(IServiceProvider services, string stream, Func<T, object[]> decide, CancellationToken ct)
        where T : class, IWriteModel<T>
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        var current = await session.Events.FetchForWriting<T>(stream, ct);
        var events = decide(current.State);
        if (events.Length == 0) return;
        current.AppendMany(events);
        await session.SaveChangesAsync(ct);
    }
}
