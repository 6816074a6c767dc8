using Marten;
using Microsoft.Extensions.Logging;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.BuildingBlocks.Projections;
using Wolverine;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// Emails other modules ask for (<see cref="EmailRequested"/>) join the same path as allocation notices: a
/// <see cref="Notification"/> document and its delivery message, written in this handler's transaction.
/// </summary>
public static class EmailRequestHandler
{
    public static async Task<OutgoingMessages> Handle(EmailRequested request, IDocumentSession session, TimeProvider clock, ILogger<EmailRequested> logger, CancellationToken ct)
    {
        var to = request.To;
        if (string.IsNullOrWhiteSpace(to))
        {
            var student = await session.LoadAsync<StudentView>(request.RecipientId, ct);
            to = student?.Record.Email ?? (await session.LoadAsync<TutorView>(request.RecipientId, ct))?.Details.Email;
        }
        var messages = new OutgoingMessages();
        if (string.IsNullOrWhiteSpace(to))
        {
            logger.LogWarning("No email address is known for {RecipientId}; \"{Subject}\" is not sent", request.RecipientId, request.Subject);
            return messages;
        }
        var notification = Notices.Email(request.StudentId, to, request.Subject, request.Body, clock.GetUtcNow()) with { Calendar = request.Calendar };
        DocumentWrites.Upsert(session, [(notification.Id, notification)]);
        messages.Add(new NotificationsWritten([notification.Id]));
        return messages;
    }
}
