using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>
/// One figure a committee can check: its value, what it was computed from and what it means. Percentages have a
/// numerator and a denominator; a count has its count as numerator; a median or maximum has the number of values it
/// was taken over as denominator. Value null: nothing to compute it from.
/// </summary>
internal sealed record KpiFigure(string Id, string Group, string Title, decimal? Value, int? Numerator, int? Denominator, string Definition);

internal sealed record TermComplianceFigure(string Term, int Tutees, int Compliant, decimal? PercentCompliant);

internal sealed record TermMeetingFigure(string Term, int MeetingsArranged, int Invitations, int InvitationsAttended, decimal? PercentAttended,
    int ClinicSlots, int ClinicPlaces, int ClinicBookings);

/// <summary>The figures the Code asks schools to monitor besides the KPIs (CO-2/3/4, ME-1/3, CO-11, CO-5, CO-10).</summary>
internal sealed record OperationalFigures(
    IReadOnlyList<TermComplianceFigure> ContactCompliance,
    IReadOnlyList<TermMeetingFigure> Meetings,
    KpiFigure RepliesWithinDue,
    int UnresponsiveReferred,
    int ReferralsMade,
    int ReferralsClosed);

internal sealed record CohortKpis(CohortLevel Level, IReadOnlyList<KpiFigure> Kpis, OperationalFigures Operational);

/// <summary>
/// The eleven KPIs of the Code of Practice (GO-6) and the operational figures for a school (or the university) and an
/// academic year on <see cref="KpiDate"/> (the as-of date, or the year's last day when the year had ended by then), counting
/// the facts recorded by the end of <see cref="KnownOn"/>, with the same per cohort level. <see cref="FactsReadAt"/>: when
/// the facts were read, earlier than <see cref="AnsweredAt"/> when kept facts served (docs/adr/0093); for the university,
/// the earliest school's. <see cref="FactsCurrent"/>: whether nothing they were read from has changed since (false only for
/// the university's overview showing kept facts up to a few minutes old).
/// </summary>
internal sealed record KpiAnswer(
    string Scope,
    string? SchoolCode,
    string AcademicYear,
    DateOnly AsOf,
    DateOnly KpiDate,
    DateOnly KnownOn,
    DateTimeOffset AnsweredAt,
    DateTimeOffset FactsReadAt,
    IReadOnlyList<KpiFigure> Kpis,
    OperationalFigures Operational,
    IReadOnlyList<CohortKpis> Cohorts,
    bool FactsCurrent = true);
