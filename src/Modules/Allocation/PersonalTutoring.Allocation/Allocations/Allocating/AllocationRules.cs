using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Allocations.Allocating;

/// <summary>What an allocation decision needs besides the two write models.</summary>
internal sealed record AllocationTerms(AllocationKind Kind, string Reason, DateOnly EffectiveOn, string? OverrideJustification = null, bool MayOverride = false);

/// <summary>
/// The one decision behind every allocation, manual, automatic, by handover or by change request: pure, so the
/// rules are specified once (AL-1, AL-3, AL-7, AL-8, AL-10). The cap is the school's hard maximum or, lower, the tutor's own.
/// </summary>
internal static class AllocationRules
{
    /// <summary>The allocation event, or null when the student already has this tutor (a retry decides nothing).</summary>
    public static TutorAllocated? Decide(Student student, string studentId, Tutor tutor, string tutorId, TutoringPolicy policy, AllocationTerms terms, DateTimeOffset now)
    {
        var record = student.Record ?? throw new NotFoundException($"Student {studentId} is not known.");
        if (record.Status.HasLeft())
            throw new BusinessRuleException("student-not-current", $"Student {studentId} is {record.Status} and cannot be allocated a tutor.");
        if (record.VisitingStudyAbroad)
            throw new BusinessRuleException("visiting-study-abroad", "Visiting study-abroad students are allocated centrally, not by schools (AL-3).");
        if (student.CurrentTutorId == tutorId) return null;
        if (!tutor.Exists || tutor.Details is null)
            throw new BusinessRuleException("unknown-tutor", $"Tutor {tutorId} is not registered.");
        if (!string.Equals(tutor.Details.SchoolCode, record.SchoolCode, StringComparison.OrdinalIgnoreCase))
            throw new BusinessRuleException("tutor-in-another-school", $"Tutor {tutorId} tutors in {tutor.Details.SchoolCode}, the student studies in {record.SchoolCode}.");
        if (tutor.HasLeft)
            throw new BusinessRuleException("tutor-has-left", $"Tutor {tutorId} has handed over their tutees and left tutoring.");
        if (!tutor.MayTutor)
            throw new BusinessRuleException("dean-exception-required", $"Tutor {tutorId} is not permanent academic staff and has no recorded Dean's exception (AL-10).");
        if (student.CurrentFrom is { } from && terms.EffectiveOn < from)
            throw new BusinessRuleException("effective-before-current-allocation", $"The current allocation started on {from:yyyy-MM-dd}; a change cannot take effect before it.");
        var overriding = false;
        var maximum = tutor.Details.MaximumUnder(policy);
        if (tutor.Tutees.Count >= maximum)
        {
            // The tutor's own maximum (a part-time tutor, docs/adr/0042) is overridden as the school's is.
            var personal = maximum < policy.CaseloadMaximum;
            if (!terms.MayOverride || string.IsNullOrWhiteSpace(terms.OverrideJustification))
                throw new BusinessRuleException(personal ? "tutor-maximum-reached" : "caseload-maximum-reached",
                    $"Tutor {tutorId} has {tutor.Tutees.Count} tutees, {(personal ? "their own" : "the policy's")} maximum is {maximum}. A Senior Tutor may override with a justification.",
                    new Dictionary<string, object?> { ["caseload"] = tutor.Tutees.Count, ["maximum"] = maximum });
            overriding = true;
        }
        return new TutorAllocated(studentId, record.SchoolCode, tutorId, student.CurrentTutorId, terms.EffectiveOn, record.YearOfStudy,
            terms.Kind, terms.Reason, overriding ? terms.OverrideJustification!.Trim() : null, now);
    }
}
