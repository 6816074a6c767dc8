using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.TutorDevelopment.ReadModels;

namespace PersonalTutoring.Governance.Tests.Unit.DevelopmentAndGuide;

/// <summary>GO-7 and GO-8 due dates and flags, and the GO-6 Knowledge and Training KPIs, as of a date.</summary>
public sealed class DevelopmentStatusTests
{
    private static TutorDevelopmentView Tutor(string id, DateOnly started, DateOnly[]? trained = null, (int Score, DateOnly On)[]? quiz = null, ConcernRecord[]? concerns = null, DateOnly? left = null) =>
        new("MED", id, started, left, (trained ?? []).Select(d => new TrainingRecord("Essentials", d)).ToList(),
            (quiz ?? []).Select(q => new QuizAttempt(q.Score, q.On)).ToList(), concerns ?? []);

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void A_tutor_never_trained_is_due_one_year_after_starting_the_role_and_overdue_after_it()
    {
        var tutor = Tutor("T1", D(2025, 1, 15));

        DevelopmentStatus.Of(tutor, D(2026, 1, 15)).Should().Match<DevelopmentStatus>(s => s.TrainingDueOn == D(2026, 1, 15) && !s.TrainingOverdue);
        DevelopmentStatus.Of(tutor, D(2026, 1, 16)).TrainingOverdue.Should().BeTrue();
    }

    [Fact]
    public void Training_is_due_three_years_after_the_last_completion()
    {
        var status = DevelopmentStatus.Of(Tutor("T1", D(2018, 9, 1), trained: [D(2019, 6, 1), D(2022, 5, 20)]), D(2025, 5, 21));

        status.LastTrainedOn.Should().Be(D(2022, 5, 20));
        status.TrainingDueOn.Should().Be(D(2025, 5, 20));
        status.TrainingOverdue.Should().BeTrue();
    }

    [Fact]
    public void The_last_quiz_counts_and_the_quiz_is_overdue_three_years_after_it()
    {
        var tutor = Tutor("T1", D(2015, 9, 1), quiz: [(90, D(2019, 3, 1)), (62, D(2022, 3, 1))]);

        var status = DevelopmentStatus.Of(tutor, D(2025, 3, 1));
        status.Should().Match<DevelopmentStatus>(s => s.LastQuizScore == 62 && s.LastQuizOn == D(2022, 3, 1) && !s.QuizOverdue);
        DevelopmentStatus.Of(tutor, D(2025, 3, 2)).QuizOverdue.Should().BeTrue();
        DevelopmentStatus.Of(tutor, D(2021, 1, 1)).LastQuizScore.Should().Be(90, "an attempt after the date asked about does not count yet");
    }

    [Fact]
    public void Open_concerns_are_those_raised_and_not_yet_resolved_on_the_date()
    {
        var resolved = new ConcernRecord(Guid.NewGuid(), "a", D(2025, 1, 1), "st", [], new ConcernResolution("ok", D(2025, 3, 1), "st"));
        var open = new ConcernRecord(Guid.NewGuid(), "b", D(2025, 2, 1), "st", [], null);
        var tutor = Tutor("T1", D(2020, 1, 1), concerns: [resolved, open]);

        DevelopmentStatus.Of(tutor, D(2025, 2, 15)).OpenConcerns.Should().Be(2);
        DevelopmentStatus.Of(tutor, D(2025, 3, 1)).OpenConcerns.Should().Be(1);
    }

    [Fact]
    public void Kpis_count_tutors_in_role_at_the_end_of_a_finished_year()
    {
        var year = new AcademicYear(2024); // ends 2025-07-31
        var tutors = new[]
        {
            Tutor("T1", D(2020, 1, 1), trained: [D(2023, 1, 1)], quiz: [(70, D(2024, 1, 1))]),
            Tutor("T2", D(2020, 1, 1), trained: [D(2022, 7, 31)], quiz: [(90, D(2021, 1, 1)), (80, D(2025, 7, 1))]),
            Tutor("T3", D(2024, 10, 1), concerns: [new ConcernRecord(Guid.NewGuid(), "c", D(2025, 2, 1), "st", [], null)]),
            Tutor("T4", D(2025, 9, 1), trained: [D(2025, 9, 2)]), // started after the year: not counted
            Tutor("T5", D(2019, 1, 1), left: D(2025, 6, 30)), // left before the year ended: not counted
        };

        var kpis = SchoolTutorDevelopment.Kpis("MED", year, tutors, today: D(2026, 1, 1));

        kpis.AsOf.Should().Be(D(2025, 7, 31));
        kpis.Tutors.Should().Be(3);
        kpis.PercentTrainedWithinThreeYears.Should().Be(33.3m, "T2's training on 2022-07-31 is exactly three years old: outside the window");
        kpis.PercentQuizWithinThreeYears.Should().Be(66.7m);
        kpis.MedianQuizScore.Should().Be(75m, "the latest scores within three years are 70 and 80");
        kpis.IdentifiedAsNotSufficientlyFulfillingRole.Should().Be(1);
    }

    [Fact]
    public void A_tutor_is_in_the_role_up_to_and_including_the_day_they_leave()
    {
        var tutor = Tutor("T1", D(2020, 1, 1), left: D(2025, 6, 30));

        tutor.InRoleOn(D(2025, 6, 30)).Should().BeTrue();
        tutor.InRoleOn(D(2025, 7, 1)).Should().BeFalse();
        tutor.InRoleOn(D(2019, 12, 31)).Should().BeFalse();
    }

    [Fact]
    public void Kpis_of_a_school_without_tutors_have_no_percentages()
    {
        var kpis = SchoolTutorDevelopment.Kpis("MED", new AcademicYear(2025), [], today: D(2026, 1, 1));

        kpis.Should().Match<SchoolTutorDevelopment.KnowledgeAndTrainingKpis>(k => k.Tutors == 0 && k.PercentTrainedWithinThreeYears == null && k.MedianQuizScore == null && k.AsOf == D(2026, 1, 1));
    }
}
