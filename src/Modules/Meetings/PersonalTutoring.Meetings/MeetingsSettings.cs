using Microsoft.Extensions.Options;

namespace PersonalTutoring.Meetings;

/// <summary>
/// The <c>Meetings</c> section: the meeting lengths of ME-5 (one-to-one about 15–20 minutes, group 30–60) and the
/// booking cut-off. The school's tutoring policy has no meeting lengths yet; when it does, these become its defaults.
/// </summary>
internal sealed class MeetingsSettings
{
    public const string Section = "Meetings";

    public int OneToOneMinMinutes { get; set; } = 15;
    public int OneToOneMaxMinutes { get; set; } = 20;
    public int GroupMinMinutes { get; set; } = 30;
    public int GroupMaxMinutes { get; set; } = 60;

    /// <summary>A tutee cancels or moves a booking up to this many hours before the slot starts.</summary>
    public int CancellationCutoffHours { get; set; } = 12;

    /// <summary>ME-7 / CO-5: reminders a no-show gets before the escalation (UCL: two).</summary>
    public int NoShowReminders { get; set; } = 2;

    /// <summary>Hours between a no-show's reminders (and from the last to the escalation).</summary>
    public double NoShowReminderIntervalHours { get; set; } = 72;

    /// <summary>Both sides of a booking are reminded this many hours before the slot.</summary>
    public double BookingReminderHours { get; set; } = 24;
}

internal sealed class MeetingsSettingsValidator : IValidateOptions<MeetingsSettings>
{
    public ValidateOptionsResult Validate(string? name, MeetingsSettings o)
    {
        var errors = new List<string>();
        if (o.OneToOneMinMinutes is < 5 or > 240 || o.OneToOneMaxMinutes < o.OneToOneMinMinutes || o.OneToOneMaxMinutes > 240)
            errors.Add($"Meetings:OneToOneMinMinutes/OneToOneMaxMinutes are {o.OneToOneMinMinutes}/{o.OneToOneMaxMinutes}: give 5 ≤ min ≤ max ≤ 240.");
        if (o.GroupMinMinutes is < 5 or > 240 || o.GroupMaxMinutes < o.GroupMinMinutes || o.GroupMaxMinutes > 240)
            errors.Add($"Meetings:GroupMinMinutes/GroupMaxMinutes are {o.GroupMinMinutes}/{o.GroupMaxMinutes}: give 5 ≤ min ≤ max ≤ 240.");
        if (o.CancellationCutoffHours is < 0 or > 168)
            errors.Add($"Meetings:CancellationCutoffHours is {o.CancellationCutoffHours}: give 0 to 168 hours.");
        if (o.NoShowReminders is < 0 or > 10)
            errors.Add($"Meetings:NoShowReminders is {o.NoShowReminders}: give 0 to 10.");
        if (o.NoShowReminderIntervalHours is < 0.01 or > 24 * 60)
            errors.Add($"Meetings:NoShowReminderIntervalHours is {o.NoShowReminderIntervalHours}: give more than 0 and at most 1440 hours.");
        if (o.BookingReminderHours is < 0 or > 24 * 14)
            errors.Add($"Meetings:BookingReminderHours is {o.BookingReminderHours}: give 0 to 336 hours.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
