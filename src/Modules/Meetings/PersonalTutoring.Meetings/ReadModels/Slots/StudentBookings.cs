using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.Auth;

namespace PersonalTutoring.Meetings.ReadModels.Slots;

internal sealed record StudentBooking(Guid BookingId, Guid SlotId, string TutorId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room, string? OnlineLink,
    string? Agenda, BookingStatus Status, string? CancelReason);

/// <summary>GET /api/students/{studentId}/bookings: a tutee's bookings, for the tutee, their tutor or stand-in, and the Senior Tutor.</summary>
internal static class StudentBookings
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/students/{studentId}/bookings", async (string studentId, IQuerySession session, CancellationToken ct) =>
            {
                var slots = await session.Query<SlotView>().Where(v => v.Bookings.Any(b => b.StudentId == studentId)).OrderBy(v => v.StartsAt).ToListAsync(ct);
                return Results.Ok(slots.SelectMany(v => v.Bookings.Where(b => b.StudentId == studentId).Select(b =>
                    new StudentBooking(b.BookingId, v.SlotId, v.TutorId, v.StartsAt, v.EndsAt, v.Room, v.OnlineLink, b.Agenda, b.Status, b.CancelReason))).ToList());
            })
            .RequireAuthorization(MeetingsPolicies.ReadBookings)
            .RequireStudent(StudentRelation.Self | StudentRelation.CurrentTutor | StudentRelation.AlternativeContact | StudentRelation.SeniorTutorOfSchool, "see the bookings")
            .WithName("GetStudentBookings")
            .WithSummary("A tutee's clinic bookings (current and past, with cancellations), for the tutee, their tutor or stand-in and the school's Senior Tutor.")
            .Produces<IReadOnlyList<StudentBooking>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
