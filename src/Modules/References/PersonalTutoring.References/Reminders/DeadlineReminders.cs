using Marten;
using Microsoft.Extensions.Configuration;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.References.Requests;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace PersonalTutoring.References.Reminders;

// Public because Wolverine's generated handler code (compiled in the host) names them. The identity is stable, like an
// event alias: it is stored in Wolverine's envelope tables.

/// <summary>Remind the tutor of a request's deadline, <see cref="DaysBefore"/> days ahead of it.</summary>
[MessageIdentity("references.remind_deadline")]
public sealed record RemindReferenceDeadline(Guid RequestId, DateOnly Deadline, int DaysBefore);

/// <summary>
/// Wolverine runs it when the scheduled time comes: a request still open (awaiting the tutor, accepted but not issued,
/// or with the Support Team) gets a reminder on its record, which the tutor's worklist shows. The session makes the
/// handler transactional (Wolverine's Marten middleware).
/// </summary>
public static class ReferenceDeadlineReminderHandler
{
    /// <summary>
    /// Two reminders of one request that fall due together (a request made a day before both) race on its stream; the
    /// loser runs again at once and, reading the winner's reminder, records its own.
    /// </summary>
    [RetryNow(typeof(JasperFx.ConcurrencyException), 20, 100, 250, 500)]
    public static async Task Handle(RemindReferenceDeadline message, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ReferenceRequest>(ReferenceRequest.StreamId(message.RequestId), ct);
        var events = DeadlineReminders.Decide(stream.State, message.RequestId, message.Deadline, message.DaysBefore, clock.GetUtcNow());
        if (events.Length > 0) stream.AppendMany(events);
    }
}

/// <summary>Days before a deadline the tutor is reminded, read once at start-up.</summary>
internal sealed record ReminderSettings(IReadOnlyList<int> DaysBefore);

/// <summary>When reminders are scheduled, and whether one is still due when it fires (RE-3: deadlines on the tutor's worklist).</summary>
internal static class DeadlineReminders
{
    public const string Section = "References:ReminderDaysBefore";

    /// <summary>Days before a deadline a reminder is sent; <c>References:ReminderDaysBefore</c>, default 7 and 1.</summary>
    public static IReadOnlyList<int> DaysBefore(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<int[]>() is { Length: > 0 } days ? [.. days.Where(d => d > 0).Distinct()] : [7, 1];

    /// <summary>At 08:00 UTC on each reminder day still ahead of now.</summary>
    public static IEnumerable<(DateTimeOffset At, int DaysBefore)> Schedule(DateOnly deadline, IReadOnlyList<int> daysBefore, DateTimeOffset now) =>
        daysBefore.Select(d => (At: new DateTimeOffset(deadline.AddDays(-d).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), DaysBefore: d)).Where(x => x.At > now);

    public static object[] Decide(ReferenceRequest state, Guid requestId, DateOnly deadline, int daysBefore, DateTimeOffset now) =>
        !state.Requested || state.Status == RequestStatus.Declined || state.IssuedVersions > 0 || state.Reminded.Contains(daysBefore)
            ? []
            : [new ReferenceDeadlineReminded(requestId, state.TutorId, deadline, daysBefore, now)];

    /// <summary>Schedules a new request's reminders in its own transaction (Wolverine's outbox, enrolled in the session).</summary>
    public static async Task ScheduleAsync(IMartenOutbox outbox, IDocumentSession session, Guid requestId, DateOnly deadline, IReadOnlyList<int> daysBefore, DateTimeOffset now)
    {
        if (!ReferenceEquals(outbox.Session, session)) outbox.Enroll(session);
        foreach (var (at, days) in Schedule(deadline, daysBefore, now))
            await outbox.ScheduleAsync(new RemindReferenceDeadline(requestId, deadline, days), at);
    }
}
