using PersonalTutoring.Governance.Contracts;
using PersonalTutoring.Governance.SchoolPolicies;

namespace PersonalTutoring.Governance.Tests.Unit;

internal static class PolicyFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2026, 11, 22);

    public static PolicyTerms Terms(int caseloadTarget = 50, params PolicyOverride[] overrides) =>
        new(UniversityDefault.Settings with { CaseloadTarget = caseloadTarget, AllocationBlocks = [new YearBlock(1, 2), new YearBlock(4, 5)] }, overrides);

    public static PolicyDrafted Drafted(int version, PolicyTerms? terms = null) => new("MED", "2026-27", version, terms ?? Terms(), "st-1", Now);

    public static PolicyApprovedByCommittee Committee(int version, int day = 13) => new("MED", "2026-27", version, new(2026, 5, day), "SEC 4.2", "admin", Now);

    public static PolicyApprovedByDean Dean(int version, int month = 6, int day = 10) => new("MED", "2026-27", version, new(2026, month, day), "Dean 12", "admin", Now);
}
