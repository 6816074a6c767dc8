using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.Reporting.Kpis;

namespace PersonalTutoring.Governance.Tests.Unit.Reporting;

/// <summary>GO-6's arithmetic on facts of two schools: caseloads add up across levels, pending students are left out, empty is null.</summary>
public sealed class KpiCalculatorTests
{
    private static AllocationYearFigures Row(string school, CohortLevel level, Dictionary<string, int> caseloads, int intake = 0, int pending = 0, int late = 0,
        int tutees = 0, int requesting = 0) => new(school, level, caseloads, intake, pending, late, tutees, requesting);

    private static readonly KpiFacts Facts = KpiFacts.Merge(
    [
        new KpiFacts([Row("A", CohortLevel.UG, new() { ["t1"] = 3, ["t2"] = 1 }, intake: 10, pending: 2, late: 2, tutees: 4, requesting: 1),
                Row("A", CohortLevel.PGT, new() { ["t1"] = 2 }, intake: 2, tutees: 2)],
            [], [], [new TutorStanding("A", "t1", true, true, 70, false), new TutorStanding("A", "t2", false, true, 50, true)],
            [new SurveyCount("contact-with-tutor", 10, 7)]),
        new KpiFacts([Row("B", CohortLevel.UG, new() { ["t3"] = 4 }, tutees: 4, requesting: 2)], [], [],
            [new TutorStanding("B", "t3", true, false, null, false)], [new SurveyCount("contact-with-tutor", 30, 21)]),
    ]);

    private static IReadOnlyDictionary<string, KpiFigure> Kpis(KpiFacts facts) => KpiCalculator.Kpis(facts).ToDictionary(k => k.Id);

    [Fact]
    public void The_university_figures_add_up_every_schools_facts()
    {
        var kpis = Kpis(Facts);
        kpis.Keys.Should().Equal(KpiCalculator.Ids);
        (kpis["tutors"].Value, kpis["median-tutees-per-tutor"].Value, kpis["maximum-tutees-per-tutor"].Value).Should().Be((3m, 4m, 5m), "t1 has 3 UG + 2 PGT = 5");
        (kpis["percent-not-allocated-within-deadline"].Value, kpis["percent-not-allocated-within-deadline"].Numerator, kpis["percent-not-allocated-within-deadline"].Denominator)
            .Should().Be((20.0m, 2, 10), "the 2 pending of 12 are not judged yet");
        (kpis["percent-trained-within-3-years"].Value, kpis["median-quiz-score"].Value).Should().Be((66.7m, 60m));
        kpis["not-sufficiently-fulfilling-role"].Value.Should().Be(1m);
        (kpis["percent-approval-contact"].Value, kpis["percent-approval-contact"].Denominator).Should().Be((70.0m, 40));
        kpis["percent-approval-positive-experience"].Value.Should().BeNull("nothing recorded");
        (kpis["percent-requesting-change-of-tutor"].Numerator, kpis["percent-requesting-change-of-tutor"].Denominator).Should().Be((3, 10));
    }

    [Fact]
    public void A_cohort_level_counts_its_own_rows_and_the_tutors_who_have_its_tutees()
    {
        var pgt = Kpis(Facts.ForLevel(CohortLevel.PGT));
        (pgt["tutors"].Value, pgt["percent-trained-within-3-years"].Denominator, pgt["percent-approval-contact"].Value).Should().Be((1m, 1, null));
        var none = Kpis(Facts.ForLevel(CohortLevel.Distance));
        none.Values.Where(k => k.Id != "tutors" && k.Id != "not-sufficiently-fulfilling-role").Should().OnlyContain(k => k.Value == null);
    }
}
