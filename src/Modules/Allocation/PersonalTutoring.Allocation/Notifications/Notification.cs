using System.Text.Json;
using Marten;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Students;
using PersonalTutoring.Allocation.Tutors;

namespace PersonalTutoring.Allocation.Notifications;

internal enum Channel { Email, Registry }

/// <summary>
/// Pending: not yet delivered (a retry may be scheduled for <see cref="Notification.NextAttemptAt"/>). NotConfigured:
/// Registry has no webhook URL yet (kept, and sent once one is configured). DeadLettered: every retry failed; the
/// delivery message waits in Wolverine's dead letters until an Admin replays it. Erased: the student it was about was
/// erased before it was delivered; it is never sent (docs/adr/0086).
/// </summary>
internal enum DeliveryStatus { Pending, NotConfigured, Delivered, DeadLettered, Erased }

/// <summary>
/// One message to one party (AL-5): a business read model, a Marten document written in the same transaction as the
/// events that caused it (<see cref="NotificationOutbox"/>) and updated by the Wolverine handler that delivers it
/// (<see cref="NotificationCourier"/>). Its id is a Guid v7 in "N" form, so id order is creation order.
/// </summary>
internal sealed record Notification(
    string Id,
    Channel Channel,
    string Recipient,
    string Subject,
    string Body,
    string StudentId,
    DateTimeOffset CreatedAt,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError,
    string? Calendar = null);

/// <summary>A party to notify: who they are and where their email goes. <see cref="Erased"/>: a student whose data was erased, never written to.</summary>
internal sealed record Party(string Id, string Name, string Email, bool Erased = false);

/// <summary>Composes the messages an allocation change sends: tutee, new tutor, previous tutor, Registry.</summary>
internal static class Notices
{
    /// <summary>The Registry's JSON: the public contract in camelCase, enums as names (as before Marten).</summary>
    private static readonly JsonSerializerOptions RegistryJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static Party Of(string studentId, StudentRecord r) => new(studentId, r.Name, r.Email.Text, r.IsErased);

    public static Party Of(string staffId, TutorDetails d) => new(staffId, $"{d.GivenName} {d.FamilyName}", d.Email);

    public static IEnumerable<Notification> ForChange(TutorAllocationChanged change, Party student, Party? to, Party? from)
    {
        var when = change.EffectiveOn.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        if (to is not null)
        {
            if (!student.Erased)
                yield return Email(change, student.Email, "Your personal tutor",
                    $"Dear {student.Name},\n\nFrom {when} your personal tutor is {to.Name} ({to.Email}).\n\nReason: {change.Reason}\n");
            yield return Email(change, to.Email, $"New tutee: {student.Name}",
                $"Dear {to.Name},\n\nFrom {when} you are the personal tutor of {student.Name} ({student.Id}, {student.Email}).\n");
        }
        else if (!student.Erased)
            yield return Email(change, student.Email, "Your personal tutor allocation has ended",
                $"Dear {student.Name},\n\nFrom {when} you no longer have a personal tutor in {change.SchoolCode}.\n\nReason: {change.Reason}\n");
        if (from is not null)
            yield return Email(change, from.Email, $"Tutee reallocated: {student.Name}",
                $"Dear {from.Name},\n\nFrom {when} {student.Name} ({student.Id}) is no longer your tutee.\n\nReason: {change.Reason}\n");
        yield return New(change, Channel.Registry, "registry", "TutorAllocationChanged", JsonSerializer.Serialize(change, RegistryJson));
    }

    public static TutorAllocationChanged ToIntegration(TutorAllocated e, string? by) =>
        new(e.StudentId, e.SchoolCode, e.PreviousTutorId, e.TutorId, e.EffectiveOn, e.Kind.ToString(), e.Reason, e.AllocatedAt, by);

    public static TutorAllocationChanged ToIntegration(AllocationEnded e, string? by) =>
        new(e.StudentId, e.SchoolCode, e.TutorId, null, e.EffectiveOn, "Ended", e.Reason, e.EndedAt, by);

    /// <summary>A message that is not about one allocation change (cover arrangements, change-request outcomes).</summary>
    public static Notification Email(string studentId, string to, string subject, string body, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now).ToString("N"), Channel.Email, to, subject, body, studentId, now, DeliveryStatus.Pending, 0, now, null, null);

    private static Notification Email(TutorAllocationChanged change, string to, string subject, string body) =>
        New(change, Channel.Email, to, subject, body);

    private static Notification New(TutorAllocationChanged change, Channel channel, string to, string subject, string body) =>
        new(Guid.CreateVersion7(change.RecordedAt).ToString("N"), channel, to, subject, body, change.StudentId, change.RecordedAt,
            DeliveryStatus.Pending, 0, change.RecordedAt, null, null);
}

internal static class NotificationDocuments
{
    /// <summary>
    /// Keyed by the message id; computed indexes serve the list's filters (the documents are written set-based,
    /// so no duplicated fields).
    /// </summary>
    public static void Register(StoreOptions options) =>
        options.Schema.For<Notification>().DatabaseSchemaName(AllocationModule.Schema).Identity(n => n.Id)
            .Index(n => n.Status).Index(n => n.StudentId);
}
