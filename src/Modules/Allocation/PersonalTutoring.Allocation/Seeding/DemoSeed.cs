using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Allocations;
using PersonalTutoring.Allocation.Allocations.AutoAllocating;
using PersonalTutoring.Allocation.ChangeRequests;
using PersonalTutoring.Allocation.ChangeRequests.Requesting;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Students.Upserting;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.Allocation.Tutors.HandingOver;
using PersonalTutoring.Allocation.Tutors.RecordingDeanException;
using PersonalTutoring.Allocation.Tutors.Upserting;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;
using Wolverine.Marten;

namespace PersonalTutoring.Allocation.Seeding;

/// <summary>
/// A demo university's allocation side: 45 tutors and about 2,000 students in MED and ENG (the Governance seed
/// creates the schools, policies and calendars), allocated by the planner, with a handover, an unavailability and
/// a change request. Deterministic and idempotent: a second run finds everything in place and writes nothing.
/// </summary>
internal static class DemoSeed
{
    private static readonly EventMetadata Seed = new("seed-demo", null, "seed-demo");
    private static readonly string[] Given = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hamza", "Isla", "Jack", "Kiran", "Leah", "Mo", "Nia", "Oscar", "Priya"];
    private static readonly string[] Family = ["Adeyemi", "Brown", "Chen", "Davies", "Evans", "Fraser", "Gupta", "Hughes", "Iqbal", "Jones", "Khan", "Lewis", "Murphy", "Okafor", "Patel", "Smith"];

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var schools = services.GetRequiredService<ISchoolDirectory>();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var code in new[] { "MED", "ENG" })
            if (await schools.FindAsync(code, ct) is null)
                throw new InvalidOperationException($"School {code} does not exist: run the Governance demo seed first.");
        var now = clock.GetUtcNow();
        var today = Dates.UkDate(now);

        await TutorsAsync(services, "MED", 25, now, ct);
        await TutorsAsync(services, "ENG", 20, now, ct);
        await InScopeAsync(services, scope => scope.GetRequiredService<StudentUpserts>().UpsertManyAsync([.. Students(today)], ct, Seed));
        // As a real university would have it: each student allocated within the first week after registration (AL-4).
        DateOnly AllocatedAfterRegistration(StudentView s) => s.Record.RegisteredOn.AddDays(3);
        foreach (var school in new[] { "MED", "ENG" })
            await InScopeAsync(services, scope => scope.GetRequiredService<AutoAllocation>()
                .RunAsync(new AutoScope(school, null, null), dryRun: false, ct, Seed, AllocatedAfterRegistration));

        await using var reads = store.QuerySession();
        if (await reads.LoadAsync<TutorView>("t-med-02", ct) is { HasLeft: false })
            await InScopeAsync(services, scope => scope.GetRequiredService<HandOver>().RunAsync("t-med-02",
                new HandOver.Request(null, true, "Leaving for a post elsewhere. Two tutees have support plans; see their notes.", today), ct, Seed));

        if (await reads.LoadAsync<TutorView>("t-eng-03", ct) is { Unavailability.Count: 0 })
            await InScopeAsync(services, async scope =>
            {
                var session = Stamped(scope);
                var away = await session.Events.FetchForWriting<Tutor>(Tutor.StreamId("t-eng-03"), ct);
                var cover = await session.Events.AggregateStreamAsync<Tutor>(Tutor.StreamId("t-eng-04"), token: ct) ?? Tutor.Initial;
                var events = Tutors.RecordingUnavailability.RecordUnavailability.Decide(away.State, "t-eng-03", cover, "t-eng-04",
                    new(today.AddDays(-2), today.AddDays(12), "Study leave", "t-eng-04"), now);
                await new ChangeSet().Append(StreamRef.Of(away), events).CommitAsync(session, scope.GetRequiredService<IMartenOutbox>(), ct);
            });

        const string requestId = "demo-0001";
        if (await reads.Events.FetchStreamStateAsync(ChangeRequest.StreamId(requestId), ct) is null)
            await InScopeAsync(services, async scope =>
            {
                var session = Stamped(scope);
                if (await session.Events.AggregateStreamAsync<Student>(Student.StreamId("med-0007"), token: ct) is not { Exists: true } student) return;
                session.Events.StartStream<ChangeRequest>(ChangeRequest.StreamId(requestId),
                    RequestTutorChange.Decide(student, requestId, "med-0007", "Our timetables never overlap; I would like a tutor on my campus.", "med-0007", now));
                await session.SaveChangesAsync(ct);
            });
    }

    private static async Task TutorsAsync(IServiceProvider services, string school, int count, DateTimeOffset now, CancellationToken ct)
    {
        for (var i = 1; i <= count; i++)
        {
            var id = $"t-{school.ToLowerInvariant()}-{i:D2}";
            var permanent = i != count; // the last is a clinical fellow on a fixed-term contract, with the Dean's exception (AL-10)
            var details = new TutorDetails(Given[i % Given.Length], Family[(i * 7) % Family.Length], $"{id}@staff.demo.ac.uk", school, permanent, null);
            await InScopeAsync(services, async scope =>
            {
                var session = Stamped(scope);
                var current = await session.Events.FetchForWriting<Tutor>(Tutor.StreamId(id), ct);
                var events = UpsertTutor.Decide(current.State, id, details, now).ToList();
                var state = events.Aggregate(current.State, (s, e) => s.Evolve(AsEvent(e)));
                if (!permanent) events.AddRange(RecordDeanException.Decide(state, id, "Clinical teaching fellow; monitored by the Senior Tutor", "dean-demo", now));
                if (events.Count == 0) return;
                current.AppendMany([.. events]);
                await session.SaveChangesAsync(ct);
            });
        }
    }

    /// <summary>Each step is a unit of work of its own: a scope with its session (and Wolverine outbox), as a request would have.</summary>
    private static async Task InScopeAsync(IServiceProvider services, Func<IServiceProvider, Task> step)
    {
        await using var scope = services.CreateAsyncScope();
        await step(scope.ServiceProvider);
    }

    private static IDocumentSession Stamped(IServiceProvider scope)
    {
        var session = scope.GetRequiredService<IDocumentSession>();
        Seed.StampOn(session);
        return session;
    }

    /// <summary>An event as Marten hands it to <c>Evolve</c>, to fold a decision's own events before the next decision.</summary>
    private static IEvent AsEvent(object data) => (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;

    private static IEnumerable<(int, string, StudentRecord)> Students(DateOnly today)
    {
        var random = new Random(2025);
        var index = 0;
        foreach (var (school, count, years, programme) in new[] { ("MED", 1100, 6, "MBBS"), ("ENG", 900, 4, "MEng") })
            for (var i = 1; i <= count; i++)
            {
                var id = $"{school.ToLowerInvariant()}-{i:D4}";
                var year = 1 + (i - 1) % years;
                var roll = random.NextDouble();
                var status = roll switch { < 0.02 => StudentStatus.YearAbroad, < 0.03 => StudentStatus.Suspended, < 0.035 => StudentStatus.YearInIndustry, _ => StudentStatus.Studying };
                var level = school == "ENG" && i % 9 == 0 ? CohortLevel.PGT : CohortLevel.UG;
                var registered = new DateOnly(today.Year - (today.Month >= 9 ? 0 : 1) - (year - 1), 9, 22);
                yield return (index++, id, StudentRecord.Of(id, Given[random.Next(Given.Length)], Family[random.Next(Family.Length)], $"{id}@students.demo.ac.uk",
                    school, level == CohortLevel.PGT ? "MSc-ENG" : programme, level, level == CohortLevel.PGT ? 1 : year, registered, status,
                    random.NextDouble() < 0.08, school == "ENG" && i % 150 == 0));
            }
    }
}
