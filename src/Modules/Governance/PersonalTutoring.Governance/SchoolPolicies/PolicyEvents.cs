using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.SchoolPolicies;

/// <summary>A new version of a school's policy for a year, as a draft awaiting approval.</summary>
internal sealed record PolicyDrafted(string SchoolCode, string AcademicYear, int Version, PolicyTerms Terms, string DraftedBy, DateTimeOffset DraftedAt);

/// <summary>A draft changed before anyone approved it (an approved version is never edited).</summary>
internal sealed record PolicyDraftRevised(string SchoolCode, string AcademicYear, int Version, PolicyTerms Terms, string RevisedBy, DateTimeOffset RevisedAt);

/// <summary>GO-3 step 1: the School Education Committee approved the version, on a date, in a minute.</summary>
internal sealed record PolicyApprovedByCommittee(string SchoolCode, string AcademicYear, int Version, DateOnly ApprovedOn, string MinuteReference, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>GO-3 step 2: the Dean of Personal Tutoring approved it; from this date it is in force.</summary>
internal sealed record PolicyApprovedByDean(string SchoolCode, string AcademicYear, int Version, DateOnly ApprovedOn, string MinuteReference, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>GO-3 step 3: the approved version was shared with the Student Wellbeing and Inclusivity Sub-Committee.</summary>
internal sealed record PolicySharedWithSubCommittee(string SchoolCode, string AcademicYear, int Version, DateOnly SharedOn, string Reference, string RecordedBy, DateTimeOffset RecordedAt);

internal static class PolicyEvents
{
    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<PolicyDrafted>("governance.policy_drafted");
        options.Events.MapEventType<PolicyDraftRevised>("governance.policy_draft_revised");
        options.Events.MapEventType<PolicyApprovedByCommittee>("governance.policy_approved_by_committee");
        options.Events.MapEventType<PolicyApprovedByDean>("governance.policy_approved_by_dean");
        options.Events.MapEventType<PolicySharedWithSubCommittee>("governance.policy_shared_with_sub_committee");
        options.AddWriteModel<SchoolPolicy>();
    }
}
