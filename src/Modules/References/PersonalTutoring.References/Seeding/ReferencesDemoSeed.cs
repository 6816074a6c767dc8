using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.References.Requests;
using PersonalTutoring.References.Requests.Drafting;
using PersonalTutoring.References.Requests.Issuing;
using PersonalTutoring.References.Requests.Requesting;
using PersonalTutoring.References.Requests.Responding;

namespace PersonalTutoring.References.Seeding;

/// <summary>
/// Reference requests in every state for the first demo students of MED and ENG (the Allocation seed creates them):
/// awaiting the tutor, accepted with a draft, declined, with the Support Team, concern answered, issued, corrected, and
/// one confidential to its recipient; in MED a final-year UKFPO request, sent to a previous tutor when a year-6 student
/// has one. Written through the deciders; ids derived from the student, so running it again adds nothing.
/// </summary>
internal static class ReferencesDemoSeed
{
    private static readonly EventMetadata Seed = new("seed-demo", null, "seed-demo");
    private static readonly ReferenceConsent NoHealth = new(false, false);

    private enum Stage { Awaiting, Drafting, Declined, WithSupportTeam, Answered, Issued, Corrected, Confidential }

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var allocation = services.GetRequiredService<IAllocationQueries>();
        var policies = services.GetRequiredService<ITutoringPolicies>();
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        Seed.StampOn(session);
        foreach (var school in new[] { "MED", "ENG" })
        {
            var students = (await allocation.StudentsInSchoolAsync(school, ct)).Where(s => !s.Status.HasLeft()).OrderBy(s => s.StudentId, StringComparer.Ordinal).ToList();
            var stages = Enum.GetValues<Stage>();
            var picked = 0;
            foreach (var student in students)
            {
                if (picked == stages.Length) break;
                var assignments = await allocation.AssignmentsAsync(student.StudentId, ct);
                if (!assignments.Any(a => a.CoversDate(today))) continue;
                var policy = await policies.InForceAsync(school, today, student.Level, ct);
                var kind = picked % 2 == 0 ? ReferenceKind.Employment : ReferenceKind.FurtherStudy;
                await SeedAsync(session, student, assignments, policy, stages[picked++], kind, null, now, ct);
            }
            if (school != "MED") continue;
            // RE-5: a year-6 tutee asks the tutor who knew them in the block before, if the demo has one; else their tutor.
            (StudentProfile Student, IReadOnlyList<TutorAssignment> Assignments, string? Previous)? chosen = null;
            foreach (var student in students.Where(s => s.YearOfStudy == 6).Take(200))
            {
                var assignments = await allocation.AssignmentsAsync(student.StudentId, ct);
                var current = assignments.FirstOrDefault(a => a.CoversDate(today))?.TutorId;
                if (current is null) continue;
                var previous = assignments.LastOrDefault(a => a.To is { } to && to <= today && a.TutorId != current)?.TutorId;
                if (chosen is null || previous is not null) chosen = (student, assignments, previous);
                if (previous is not null) break;
            }
            if (chosen is { } c)
                await SeedAsync(session, c.Student, c.Assignments, await policies.InForceAsync(school, today, c.Student.Level, ct), Stage.Drafting, ReferenceKind.Ukfpo, c.Previous, now, ct);
        }
        await session.SaveChangesAsync(ct);
    }

    private static async Task SeedAsync(IDocumentSession session, StudentProfile student, IReadOnlyList<TutorAssignment> assignments, TutoringPolicy policy,
        Stage stage, ReferenceKind kind, string? previousTutor, DateTimeOffset now, CancellationToken ct)
    {
        var requestId = StableId(student.StudentId, kind.ToString());
        if (await session.Events.FetchStreamStateAsync(ReferenceRequest.StreamId(requestId), ct) is not null) return;
        var events = new List<object>();
        var state = ReferenceRequest.Initial;
        void Decide(Func<ReferenceRequest, object[]> decide)
        {
            foreach (var e in decide(state))
            {
                events.Add(e);
                state = state.Evolve(new Event<object>(e));
            }
        }

        var at = now.AddMinutes(-30); // the Allocation seed allocates on the seed day: nothing can predate it
        var (recipient, purpose) = kind switch
        {
            ReferenceKind.Ukfpo => ("UK Foundation Programme Office", "Foundation Programme application: the structured educational reference."),
            ReferenceKind.Employment => ("Graduate recruitment, Example Health Trust", "Application for a summer research assistant post."),
            _ => ("Admissions, Example University", "Application for an intercalated master's degree."),
        };
        Decide(s => RequestReference.Decide(s, requestId, student, assignments, RequestReference.IsFinalYear(policy, student.YearOfStudy),
            new(kind, recipient, DateOnly.FromDateTime(now.AddDays(30).UtcDateTime), purpose, NoHealth, previousTutor), at));
        var tutor = state.TutorId;
        if (stage == Stage.Declined)
            Decide(s => DeclineRequest.Decide(s, requestId, tutor, new("I have not met you often enough to write a fair reference; please ask your module lead."), at.AddMinutes(1)));
        if (stage is Stage.WithSupportTeam or Stage.Answered)
            Decide(s => RaiseReferenceConcern.Decide(s, requestId, tutor, new("Unresolved professionalism concerns this year; unsure what I can fairly say."), at.AddMinutes(1)));
        if (stage == Stage.Answered)
            Decide(s => AnswerConcern.Decide(s, requestId, "support-1", new("Write only what you can evidence; the concerns are closed. Decline if you cannot be fair."), at.AddMinutes(2)));
        if (stage is Stage.Drafting or Stage.Issued or Stage.Corrected or Stage.Confidential)
        {
            Decide(s => AcceptRequest.Decide(s, requestId, tutor, at.AddMinutes(1)));
            Decide(s => SaveDraft.Decide(s, requestId, tutor, new($"I have been {student.GivenName} {student.FamilyName}'s personal tutor and met them regularly."), at.AddMinutes(2)));
            if (kind == ReferenceKind.Ukfpo) // half the form rated: the tutor is part way through
            {
                var form = Ukfpo.UkfpoForm.Default(student.SchoolCode, Ukfpo.UkfpoForm.AcademicYearOf(DateOnly.FromDateTime(at.UtcDateTime)));
                Decide(s => Ukfpo.UkfpoAnswers.Decide(s, requestId, form, tutor,
                    new([new("knowledge", "Good"), new("professionalism", "Excellent"), new("teamwork", form.UnableToComment)]), at.AddMinutes(2)));
            }
        }
        if (stage >= Stage.Issued)
        {
            var attested = new IssueReference.Attestation(true, true, true);
            var knownFrom = new[] { assignments.First(a => a.TutorId == tutor).From, DateOnly.FromDateTime(at.UtcDateTime) }.Min();
            Decide(s => IssueReference.Decide(s, requestId, tutor, new(attested, knownFrom, null, "Personal tutor", null), at.AddMinutes(3)));
            if (stage == Stage.Corrected)
            {
                Decide(s => SaveDraft.Decide(s, requestId, tutor, new(s.Draft + " They are reliable and kind to patients."), at.AddMinutes(4)));
                Decide(s => IssueReference.Decide(s, requestId, tutor, new(attested, knownFrom, null, "Personal tutor", "Added a sentence the recipient asked for."), at.AddMinutes(4)));
            }
            if (stage == Stage.Confidential)
                Decide(s => MarkConfidential.Decide(s, requestId, 1, $"{student.SchoolCode}-ST1", new("The recipient asked for a confidential reference."), at.AddMinutes(5)));
        }
        session.Events.StartStream<ReferenceRequest>(ReferenceRequest.StreamId(requestId), [.. events]);
    }

    private static Guid StableId(string studentId, string purpose)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"seed-demo\n{studentId}\n{purpose}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
