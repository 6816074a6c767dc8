using Microsoft.Extensions.Options;
using PersonalTutoring.BuildingBlocks.Hosting;

namespace PersonalTutoring.Allocation.Notifications.Mail;

/// <summary>
/// Development only: writes each message, exactly as SMTP would carry it, as <c>{id}.eml</c> in
/// <c>Allocation:Mail:PickupFolder</c> (default <c>.data/mail-outbox</c> at the repository root, never the source
/// tree). A redelivery overwrites the same file, so at-least-once delivery never shows a tutee two copies.
/// </summary>
internal sealed class PickupFolderMailer(IOptionsMonitor<MailOptions> options) : IMailer
{
    public string Folder => Path.GetFullPath(options.CurrentValue.PickupFolder is { Length: > 0 } folder ? folder : DevelopmentData.Folder("mail-outbox"));

    public async Task SendAsync(MailEnvelope mail, CancellationToken ct)
    {
        var folder = Folder;
        Directory.CreateDirectory(folder);
        using var message = MailMessages.Build(mail, options.CurrentValue);
        var path = Path.Combine(folder, mail.MessageId + ".eml");
        await message.WriteToAsync(path + ".tmp", ct);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
