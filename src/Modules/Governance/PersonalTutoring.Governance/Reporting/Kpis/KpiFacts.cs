using System.Text.Json.Serialization;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Meetings.Contracts;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>One tutor's standing on the KPI date under their school's development rules (GO-7, GO-8, GO-9). No name.</summary>
internal sealed record TutorStanding(string SchoolCode, string StaffId, bool Trained, bool Quizzed, int? LatestScore, bool Identified);

/// <summary>Survey counts for one question (GO-6 Tutee Satisfaction), as recorded by the as-of date.</summary>
internal sealed record SurveyCount(string Question, int Respondents, int Agreeing);

/// <summary>A school's meetings in one term of the year.</summary>
internal sealed record TermMeetings(string Term, MeetingWindowFigures Figures);

/// <summary>
/// Everything the eleven KPIs and the operational figures are computed from, for one or more schools: the answers of
/// each module's contract and Governance's own records, each already restricted to what was known on the as-of date.
/// Counts and staff ids only, never a student. Facts of several schools concatenate (<see cref="Merge"/>), so the
/// university's answer is the same computation over every school's facts.
/// </summary>
internal sealed record KpiFacts(
    IReadOnlyList<AllocationYearFigures> Allocation,
    IReadOnlyList<ContactYearFigures> Contact,
    IReadOnlyList<TermMeetings> Meetings,
    IReadOnlyList<TutorStanding> Tutors,
    IReadOnlyList<SurveyCount> Survey)
{
    /// <summary>When the facts were read: for kept facts (docs/adr/0093) earlier than the answer; merged, the earliest.</summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>
    /// Whether nothing the facts were read from has changed since <see cref="ReadAt"/> (read now, or kept facts that serve
    /// exactly); false when the university's overview shows kept facts that may be a few minutes behind (docs/adr/0093).
    /// Merged, whether every school's are. Never kept: facts are current when read.
    /// </summary>
    [JsonIgnore]
    public bool Current { get; init; } = true;

    public static KpiFacts Merge(IEnumerable<KpiFacts> schools)
    {
        var all = schools.ToList();
        return new KpiFacts([.. all.SelectMany(f => f.Allocation)], [.. all.SelectMany(f => f.Contact)], [.. all.SelectMany(f => f.Meetings)],
            [.. all.SelectMany(f => f.Tutors)], [.. all.SelectMany(f => f.Survey)])
        { ReadAt = all.Min(f => f.ReadAt), Current = all.All(f => f.Current) };
    }

    /// <summary>
    /// The facts of one cohort level: its allocation and contact rows, and the development standing of the tutors who
    /// have tutees of that level. The survey and meetings are not recorded per cohort, so a level has none.
    /// </summary>
    public KpiFacts ForLevel(CohortLevel level)
    {
        var allocation = Allocation.Where(a => a.Level == level).ToList();
        var tutors = allocation.SelectMany(a => a.TuteesPerTutor.Keys.Select(t => (a.SchoolCode, StaffId: t))).ToHashSet();
        return new KpiFacts(allocation, [.. Contact.Where(c => c.Level == level)], [], [.. Tutors.Where(t => tutors.Contains((t.SchoolCode, t.StaffId)))], [])
        { ReadAt = ReadAt, Current = Current };
    }
}
