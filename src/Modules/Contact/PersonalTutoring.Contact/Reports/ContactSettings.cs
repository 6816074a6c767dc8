using Microsoft.Extensions.Options;

namespace PersonalTutoring.Contact.Reports;

/// <summary>The <c>Contact</c> section.</summary>
internal sealed class ContactSettings
{
    public const string Section = "Contact";

    /// <summary>The longest gap in days between contacts before a Student-route visa holder is flagged (UKVI monitoring).</summary>
    public int StudentRouteMaxGapDays { get; set; } = 31;
}

internal sealed class ContactSettingsValidator : IValidateOptions<ContactSettings>
{
    public ValidateOptionsResult Validate(string? name, ContactSettings options) =>
        options.StudentRouteMaxGapDays is >= 1 and <= 366
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Contact:StudentRouteMaxGapDays is {options.StudentRouteMaxGapDays}: give a number of days from 1 to 366.");
}
