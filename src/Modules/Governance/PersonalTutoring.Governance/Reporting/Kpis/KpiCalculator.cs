using PersonalTutoring.Governance.Surveys;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>
/// The eleven KPIs of the Code of Practice (GO-6, LCP "Key Performance Indicators") and the operational figures, from
/// <see cref="KpiFacts"/>. Pure: the same facts give the same figures, so the report's snapshot can be recomputed and
/// compared. Percentages to one decimal place; none (null) without a denominator.
/// </summary>
internal static class KpiCalculator
{
    public const string Management = "management";
    public const string KnowledgeAndTraining = "knowledge-and-training";
    public const string Satisfaction = "tutee-satisfaction";

    /// <summary>The KPI ids in the Code's order; a report's figures and every export list them so.</summary>
    public static readonly IReadOnlyList<string> Ids =
    [
        "tutors", "median-tutees-per-tutor", "maximum-tutees-per-tutor", "percent-not-allocated-within-deadline",
        "percent-trained-within-3-years", "percent-quiz-within-3-years", "median-quiz-score", "not-sufficiently-fulfilling-role",
        "percent-approval-contact", "percent-approval-positive-experience", "percent-requesting-change-of-tutor",
    ];

    public static IReadOnlyList<KpiFigure> Kpis(KpiFacts facts)
    {
        var caseloads = facts.Allocation.SelectMany(a => a.TuteesPerTutor)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal).Select(g => g.Sum(kv => kv.Value)).Order().ToList();
        var (intake, pending, late) = (facts.Allocation.Sum(a => a.Intake), facts.Allocation.Sum(a => a.IntakePending), facts.Allocation.Sum(a => a.IntakeNotAllocatedInTime));
        var tutors = facts.Tutors;
        var scores = tutors.Select(t => t.LatestScore).OfType<int>().Order().ToList();
        var (tutees, requesting) = (facts.Allocation.Sum(a => a.Tutees), facts.Allocation.Sum(a => a.TuteesRequestingChange));
        KpiFigure Survey(string id, string question, string title) =>
            Percent(id, Satisfaction, title, facts.Survey.Where(s => s.Question == question).Sum(s => s.Agreeing),
                facts.Survey.Where(s => s.Question == question).Sum(s => s.Respondents),
                $"Respondents agreeing with the Student Academic Experience Survey question on {title[(title.IndexOf(" on ", StringComparison.Ordinal) + 4)..]}, " +
                "over all respondents, as recorded by the as-of date. The survey is reported per school, not per cohort.");
        return
        [
            new KpiFigure("tutors", Management, "Number of Personal Tutors", caseloads.Count, caseloads.Count, null,
                "Staff with at least one tutee (not withdrawn or graduated) allocated on the KPI date, as the allocations were recorded by the as-of date."),
            new KpiFigure("median-tutees-per-tutor", Management, "Median tutees per tutor", Median(caseloads), null, caseloads.Count,
                "The median of each Personal Tutor's number of tutees on the KPI date (tutees of several levels or schools add up)."),
            new KpiFigure("maximum-tutees-per-tutor", Management, "Maximum tutees per tutor", caseloads.Count == 0 ? null : caseloads[^1], null, caseloads.Count,
                "The largest number of tutees any one Personal Tutor had on the KPI date."),
            Percent("percent-not-allocated-within-deadline", Management, "% of tutees not allocated within one week of registration", late, intake - pending,
                "The year's intake (registered in the year, visiting study-abroad students excluded) whose first allocation was not recorded within the " +
                "policy's deadline (one week by default) after registration, over those already judged; students still inside their deadline are pending " +
                $"({pending}) and left out; a student who left before the deadline is not counted (ADR 0044)."),
            Percent("percent-trained-within-3-years", KnowledgeAndTraining, "% of tutors trained within the last 3 years", tutors.Count(t => t.Trained), tutors.Count,
                "Tutors in the role on the KPI date (development records) with training completed within the school policy's training interval " +
                "(3 years by default) up to the KPI date, as recorded by the as-of date."),
            Percent("percent-quiz-within-3-years", KnowledgeAndTraining, "% of tutors who took the quiz within 3 years", tutors.Count(t => t.Quizzed), tutors.Count,
                "Tutors in the role on the KPI date with a quiz attempt within the policy's quiz interval (3 years by default) up to the KPI date."),
            new KpiFigure("median-quiz-score", KnowledgeAndTraining, "Median quiz score", Median(scores), null, scores.Count,
                "The median of each such tutor's latest quiz score within the quiz interval."),
            new KpiFigure("not-sufficiently-fulfilling-role", KnowledgeAndTraining, "Tutors identified as not sufficiently fulfilling the role",
                tutors.Count(t => t.Identified), tutors.Count(t => t.Identified), tutors.Count,
                "Tutors in the role on the KPI date with a concern (GO-9) raised in the academic year up to the KPI date."),
            Survey("percent-approval-contact", SurveyQuestions.ContactWithTutor, "% approval on contact with a tutor"),
            Survey("percent-approval-positive-experience", SurveyQuestions.PositiveExperience, "% approval on positive experience"),
            Percent("percent-requesting-change-of-tutor", Satisfaction, "% of tutees requesting a change of tutor", requesting, tutees,
                "Students allocated a tutor at any time from the start of the academic year to the KPI date who asked for a change of tutor (AL-6) in that " +
                "period, over all students so allocated, as recorded by the as-of date."),
        ];
    }

    public static OperationalFigures Operational(KpiFacts facts)
    {
        var compliance = facts.Contact.SelectMany(c => c.Compliance).GroupBy(t => t.Term, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TermComplianceFigure(g.Key, g.Sum(t => t.Tutees), g.Sum(t => t.Compliant), Pct(g.Sum(t => t.Compliant), g.Sum(t => t.Tutees))))
            .ToList();
        var meetings = facts.Meetings.GroupBy(m => m.Term, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var f = g.Select(m => m.Figures).ToList();
            int Sum(Func<Meetings.Contracts.MeetingWindowFigures, int> of) => f.Sum(of);
            return new TermMeetingFigure(g.Key, Sum(m => m.MeetingsArranged), Sum(m => m.Invitations), Sum(m => m.InvitationsAttended),
                Pct(Sum(m => m.InvitationsAttended), Sum(m => m.Invitations)), Sum(m => m.ClinicSlots), Sum(m => m.ClinicPlaces), Sum(m => m.ClinicBookings));
        }).ToList();
        var replies = Percent("percent-replies-within-due", "operational", "% of tutee contacts answered within the response time",
            facts.Contact.Sum(c => c.RepliedInTime), facts.Contact.Sum(c => c.RepliesDue),
            "Tutee-initiated contacts whose reply was due in the year up to the KPI date, answered by the due time (the policy's working days, 3 by default; CO-11).");
        return new OperationalFigures(compliance, meetings, replies, facts.Contact.Sum(c => c.UnresponsiveReferred), facts.Contact.Sum(c => c.ReferralsMade),
            facts.Contact.Sum(c => c.ReferralsClosed));
    }

    private static KpiFigure Percent(string id, string group, string title, int part, int whole, string definition) =>
        new(id, group, title, Pct(part, whole), part, whole, definition);

    internal static decimal? Pct(int part, int whole) => whole <= 0 ? null : Math.Round(100m * part / whole, 1);

    internal static decimal? Median(IReadOnlyList<int> sorted) => sorted.Count == 0
        ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2m;
}
