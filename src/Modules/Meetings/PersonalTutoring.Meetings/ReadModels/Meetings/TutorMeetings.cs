using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Access;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.ReadModels.Slots;
using PersonalTutoring.Meetings.Shared;

namespace PersonalTutoring.Meetings.ReadModels.Meetings;

/// <summary>Where an arranged meeting stands for its tutor: still to come, held and waiting for its attendance, or recorded.</summary>
internal enum TutorMeetingStatus { Upcoming, AwaitingAttendance, Recorded }

/// <summary>One invitee of a listed meeting: their name (when the student record still has it), answer and attendance.</summary>
internal sealed record TutorMeetingInvitee(string StudentId, string? Name, InvitationAnswer Answer, Attendance? Attendance, string? AbsenceReason);

internal sealed record TutorMeetingEntry(Guid MeetingId, MeetingPurpose Purpose, MeetingFormat Format, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room,
    string? OnlineLink, TutorMeetingStatus Status, bool AttendanceRecorded, IReadOnlyList<TutorMeetingInvitee> Invitees);

/// <summary>One page of a tutor's arranged meetings; <see cref="Total"/> counts every meeting the filters match.</summary>
internal sealed record TutorMeetingsPage(string TutorId, DateOnly From, DateOnly To, TutorMeetingStatus? Status, int Page, int PageSize, int Total,
    IReadOnlyList<TutorMeetingEntry> Meetings);

/// <summary>
/// GET /api/tutors/{staffId}/meetings?from=&amp;to=&amp;status=&amp;page=&amp;pageSize=: the meetings a tutor arranged (ME-1) starting
/// between two dates (London, inclusive), oldest first, so the tutor can pick the one to record attendance at (ME-3).
/// For the tutor, a Senior Tutor of the tutor's school and Admins; never for students (a tutee sees their own meetings
/// through <c>/api/students/{studentId}/meetings</c>).
/// </summary>
internal static class TutorMeetings
{
    public const int MaxPageSize = 200;

    /// <summary>The default window: four weeks back to eight weeks ahead.</summary>
    private const int DefaultDays = 84;

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/tutors/{staffId}/meetings", async (string staffId, DateOnly? from, DateOnly? to, TutorMeetingStatus? status, int? page, int? pageSize,
                MeetingsContext context, IQuerySession session, CancellationToken ct) =>
            {
                if (status is { } s && !Enum.IsDefined(s)) throw RequestValidationException.For("status", "status is Upcoming, AwaitingAttendance or Recorded.");
                if (page is < 1 or > 100_000) throw RequestValidationException.For("page", "page is 1 or more.");
                if (pageSize is < 1 or > MaxPageSize) throw RequestValidationException.For("pageSize", $"pageSize is between 1 and {MaxPageSize}.");
                var now = context.Clock.GetUtcNow();
                var zone = TimeZoneInfo.FindSystemTimeZoneById(MeetingsContext.DefaultTimeZoneId);
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
                var first = from ?? today.AddDays(-28);
                var last = to ?? (first.Year <= 2100 ? first.AddDays(DefaultDays) : first);
                if (first.Year < 2000 || first.Year > 2100 || last.Year > 2100 || last < first || last.DayNumber - first.DayNumber >= TutorSlots.MaxDays)
                    throw RequestValidationException.For("to", $"Give from ≤ to, at most {TutorSlots.MaxDays} days apart, between 2000 and 2100.");
                var (start, end) = (TutorSlots.StartOf(first, zone), TutorSlots.StartOf(last.AddDays(1), zone));
                var (number, size) = (page ?? 1, pageSize ?? 50);

                var query = session.Query<MeetingView>().Where(v => v.TutorId == staffId && v.StartsAt >= start && v.StartsAt < end);
                query = status switch
                {
                    TutorMeetingStatus.Upcoming => query.Where(v => v.StartsAt > now),
                    TutorMeetingStatus.AwaitingAttendance => query.Where(v => !v.Held && v.StartsAt <= now),
                    TutorMeetingStatus.Recorded => query.Where(v => v.Held),
                    _ => query,
                };
                var total = await query.CountAsync(ct);
                var meetings = await query.OrderBy(v => v.StartsAt).ThenBy(v => v.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
                var names = await NamesAsync(context, meetings.SelectMany(m => m.Invitations.Select(i => i.StudentId)), ct);
                return Results.Ok(new TutorMeetingsPage(staffId, first, last, status, number, size, total, [.. meetings.Select(m => Entry(m, now, names))]));
            })
            .RequireAuthorization(MeetingsPolicies.ReadTutorMeetings)
            .RequireTutor(tutees: false, "see the arranged meetings", admins: true)
            .WithName("GetTutorMeetings")
            .WithSummary("A tutor's arranged meetings starting between two dates (London; default four weeks back to eight ahead), oldest first, paged, "
                + "filtered by status (Upcoming, AwaitingAttendance, Recorded): invitees, answers and attendance. For the tutor, their school's Senior Tutor and Admins.")
            .Produces<TutorMeetingsPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static TutorMeetingEntry Entry(MeetingView m, DateTimeOffset now, IReadOnlyDictionary<string, string> names) =>
        new(m.MeetingId, m.Purpose, m.Format, m.StartsAt, m.EndsAt, m.Room, m.OnlineLink,
            m.Held ? TutorMeetingStatus.Recorded : m.StartsAt > now ? TutorMeetingStatus.Upcoming : TutorMeetingStatus.AwaitingAttendance, m.Held,
            [.. m.Invitations.Select(i => new TutorMeetingInvitee(i.StudentId, names.GetValueOrDefault(i.StudentId), i.Answer, i.Attendance, i.AbsenceReason))]);

    /// <summary>The invitees' names, one look-up per student on the page (a page holds at most a few hundred).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(MeetingsContext context, IEnumerable<string> studentIds, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in studentIds.Distinct(StringComparer.Ordinal))
            if (await context.Allocation.StudentAsync(id, ct) is { } student) names[id] = $"{student.GivenName} {student.FamilyName}";
        return names;
    }
}
