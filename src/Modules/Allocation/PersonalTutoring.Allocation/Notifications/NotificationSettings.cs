using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PersonalTutoring.Allocation.Notifications;

/// <summary>
/// <c>Allocation:Notifications</c>: when failed deliveries are tried again, as comma-separated seconds (docs/adr/0034).
/// Unset, the defaults apply; empty, that kind of retry is skipped.
/// </summary>
internal sealed class NotificationSettings
{
    public const string Section = "Allocation:Notifications";

    /// <summary>Quick in-process retries (default <c>0.5,2</c>).</summary>
    public string? CooldownSeconds { get; set; }

    /// <summary>Retries Wolverine schedules durably (default <c>30,300,1800,7200</c>); after the last, a dead letter.</summary>
    public string? RetrySeconds { get; set; }

    public static IReadOnlyList<TimeSpan> Parse(string? configured, double[] defaults) =>
        (configured is null ? defaults : Numbers(configured).Select(n => n ?? 0).ToArray()).Select(TimeSpan.FromSeconds).ToArray();

    internal static IEnumerable<double?> Numbers(string configured) =>
        configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (double?)null);
}

/// <summary><c>Allocation:Registry</c>: the student-record system's webhook; Registry messages wait while it is unset.</summary>
internal sealed class RegistrySettings
{
    public const string Section = "Allocation:Registry";

    public string? WebhookUrl { get; set; }

    /// <summary>The HMAC-SHA256 key that signs each call (<c>X-Tutoring-Signature</c>).</summary>
    public string? WebhookSecret { get; set; }

    public string? Url => string.IsNullOrWhiteSpace(WebhookUrl) ? null : WebhookUrl;
}

internal sealed class NotificationSettingsValidator : IValidateOptions<NotificationSettings>
{
    private const double Week = 7 * 24 * 3600;

    public ValidateOptionsResult Validate(string? name, NotificationSettings options)
    {
        var failures = new List<string>();
        foreach (var (key, value) in new[] { ("CooldownSeconds", options.CooldownSeconds), ("RetrySeconds", options.RetrySeconds) })
            if (value is not null && NotificationSettings.Numbers(value).Any(n => n is not (> 0 and <= Week)))
                failures.Add($"{NotificationSettings.Section}:{key} is '{value}': give comma-separated seconds, each above 0 and at most a week (e.g. 30,300).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class RegistrySettingsValidator(IHostEnvironment environment) : IValidateOptions<RegistrySettings>
{
    public ValidateOptionsResult Validate(string? name, RegistrySettings options)
    {
        if (options.Url is not { } url) return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            failures.Add($"{RegistrySettings.Section}:WebhookUrl '{url}' is not an absolute http(s) URL.");
        else if (uri.Scheme == "http" && !environment.IsDevelopment())
            failures.Add($"{RegistrySettings.Section}:WebhookUrl '{url}' is not HTTPS: outside Development the Registry is called over HTTPS only.");
        if (string.IsNullOrWhiteSpace(options.WebhookSecret) || options.WebhookSecret.Length < 16)
            failures.Add($"{RegistrySettings.Section}:WebhookSecret must be set (16 characters or more) when a webhook URL is: it signs every call.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
