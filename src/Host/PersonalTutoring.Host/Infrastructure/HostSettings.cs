using Microsoft.Extensions.Options;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>The <c>Database</c> section: the local cluster the host starts in Development when no connection string is set.</summary>
internal sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary>The local cluster's folder (default <c>.data/postgres</c> at the repository root).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>PostgreSQL's bin folder (initdb, pg_ctl); searched for on PATH and under /usr/lib/postgresql when empty.</summary>
    public string? BinDirectory { get; set; }
}

/// <summary>The <c>Projections</c> section: whether this host runs async projections, and how often the daemon polls.</summary>
internal sealed class ProjectionSettings
{
    public const string Section = "Projections";

    public bool DaemonEnabled { get; set; } = true;

    public double PollSeconds { get; set; } = 0.25;
}

/// <summary>Outside Development the database is always named: the host never starts a local trust-authentication cluster there.</summary>
internal sealed class DatabaseSettingsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<DatabaseSettings>
{
    public ValidateOptionsResult Validate(string? name, DatabaseSettings options) =>
        DatabaseLocator.Missing(configuration, environment) is { } missing ? ValidateOptionsResult.Fail(missing) : ValidateOptionsResult.Success;
}

internal sealed class ProjectionSettingsValidator : IValidateOptions<ProjectionSettings>
{
    public ValidateOptionsResult Validate(string? name, ProjectionSettings options) =>
        options.PollSeconds is > 0 and <= 300
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Projections:PollSeconds is {options.PollSeconds}: give a number of seconds above 0 and at most 300.");
}

internal static class HostSettings
{
    /// <summary>The host's own sections, bound and validated when the host starts (and before any CLI verb runs).</summary>
    public static IServiceCollection AddHostSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseSettings>().Bind(configuration.GetSection(DatabaseSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseSettings>, DatabaseSettingsValidator>();
        services.AddOptions<ProjectionSettings>().Bind(configuration.GetSection(ProjectionSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProjectionSettings>, ProjectionSettingsValidator>();
        return services;
    }
}
