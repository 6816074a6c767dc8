using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Contact.Shared;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.ContactLogs.SupportFlags;

/// <summary>
/// Raises the CO-5 flag another module asked for (<see cref="EscalationRequested"/>): the one flag a tutee can have per
/// term, whoever noticed first — a tutor's unanswered contacts or Meetings' no-show reminders. Transactional.
/// </summary>
public static class EscalationHandler
{
    public static async Task Handle(EscalationRequested m, IDocumentSession session, IAcademicCalendar calendars, CancellationToken ct)
    {
        var calendar = await calendars.ForDateAsync(m.SchoolCode, DateOnly.FromDateTime(m.At.UtcDateTime), ct);
        var current = await session.Events.FetchForWriting<ContactLog>(ContactLog.StreamId(m.StudentId), ct);
        current.AppendMany(Escalate(current.State, m, TermKeyAt(calendar, m.At)));
    }

    /// <summary>Outside term time the flag belongs to the academic year's out-of-term period, so it is still raised once.</summary>
    internal static string TermKeyAt(SchoolCalendar? calendar, DateTimeOffset at)
    {
        var date = StudentContext.LocalDate(calendar, at);
        var year = calendar?.AcademicYear ?? AcademicYear.Containing(date).ToString();
        return StudentContext.TermKey(year, calendar?.TermContaining(date)?.Name ?? "outside-term");
    }

    internal static object[] Escalate(ContactLog state, EscalationRequested m, string termKey) =>
        state.Flags.ContainsKey(m.FlagId) || state.FlaggedTerms.Contains(termKey)
            ? []
            : [new SupportFlagRaised(m.StudentId, m.FlagId, m.SchoolCode, termKey, m.UnansweredAttempts, m.At)];
}
