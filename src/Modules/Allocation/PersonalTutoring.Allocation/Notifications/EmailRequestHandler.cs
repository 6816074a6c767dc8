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
        var messages = new OutgoingMessages();
        var student = await session.LoadAsync<StudentView>(request.RecipientId, ct);
        if (student is { Record.IsErased: true })
        {
            // Whatever address the requester held, an erased student's is never used again (docs/adr/0086).
            logger.LogInformation("{RecipientId}'s personal data was erased; \"{Subject}\" is not sent", request.RecipientId, request.Subject);
            return messages;
        }
        var to = request.To;
        if (string.IsNullOrWhiteSpace(to))
            to = student?.Record.Email.Text ?? (await session.LoadAsync<TutorView>(request.RecipientId, ct))?.Details.Email;
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
