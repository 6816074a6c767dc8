using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PersonalTutoring.Allocation.Notifications.Mail;

/// <summary>
/// <c>Allocation:Mail</c>: who the notifications come from and how they leave (docs/adr/0050). With
/// <see cref="SmtpOptions.Host"/> set they go to that SMTP relay; without it, in Development only, they are written to
/// a pickup folder as <c>.eml</c> files.
/// </summary>
internal sealed class MailOptions
{
    public const string Section = "Allocation:Mail";

    /// <summary>The sender's address (the envelope's <c>MAIL FROM</c> and the <c>From</c> header).</summary>
    public string From { get; set; } = "";

    /// <summary>The sender's display name; non-ASCII names are RFC 2047 encoded.</summary>
    public string FromName { get; set; } = "Personal Tutoring";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Development only: the folder of <c>.eml</c> files (default <c>.data/mail-outbox</c> at the repository root).</summary>
    public string? PickupFolder { get; set; }

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

internal sealed class SmtpOptions
{
    public string? Host { get; set; }

    /// <summary>587 (submission with STARTTLS) unless said otherwise; 465 goes with <see cref="SecureSocketOptions.SslOnConnect"/>.</summary>
    public int Port { get; set; } = 587;

    /// <summary>STARTTLS, required, by default: the relay must offer it or nothing is sent.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Refuses, at start-up, a mail configuration that would lose mail, leak a password or write it into a folder in production.</summary>
internal sealed class MailOptionsValidator(IHostEnvironment environment) : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var failures = new List<string>();
        var development = environment.IsDevelopment();
        var section = MailOptions.Section;
        if (!string.IsNullOrWhiteSpace(options.From) && !MailboxAddress.TryParse(options.From, out _))
            failures.Add($"{section}:From '{options.From}' is not an email address.");
        if (!development)
        {
            if (string.IsNullOrWhiteSpace(options.From)) failures.Add($"{section}:From (the sender's address) is required outside Development.");
            if (!options.UsesSmtp) failures.Add($"{section}:Smtp:Host is required outside Development: notifications are sent through an SMTP relay.");
            if (!string.IsNullOrWhiteSpace(options.PickupFolder))
                failures.Add($"{section}:PickupFolder is for Development only; outside it mail goes to {section}:Smtp:Host.");
        }
        else if (options.UsesSmtp && !string.IsNullOrWhiteSpace(options.PickupFolder))
            failures.Add($"{section}:PickupFolder and {section}:Smtp:Host are both set: mail goes one way; remove one.");
        if (options.UsesSmtp)
        {
            var smtp = options.Smtp;
            if (smtp.Port is < 1 or > 65535) failures.Add($"{section}:Smtp:Port {smtp.Port} is not a TCP port (1-65535).");
            if (smtp.TimeoutSeconds < 1) failures.Add($"{section}:Smtp:TimeoutSeconds must be at least 1.");
            var user = !string.IsNullOrEmpty(smtp.UserName);
            if (user != !string.IsNullOrEmpty(smtp.Password))
                failures.Add($"{section}:Smtp:UserName and {section}:Smtp:Password go together: set both or neither.");
            if (user && smtp.Security == SecureSocketOptions.None && !development)
                failures.Add($"{section}:Smtp:Security None would send the password in clear text; use StartTls or SslOnConnect.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
