using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Privacy;

public static class PrivacyRegistration
{
    /// <summary>Per-subject data keys; once registered, the store encrypts every <see cref="PersonalText"/> it writes.</summary>
    public static IServiceCollection AddSubjectKeys(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, string> connectionString)
    {
        services.AddOptions<DataProtectionSettings>().Bind(configuration.GetSection(DataProtectionSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataProtectionSettings>, DataProtectionSettingsValidator>();
        services.AddSingleton(sp => new SubjectKeys(
            // Its own small pool: keys are read inside Marten's serializer, which must not wait on the store's pool.
            new NpgsqlDataSourceBuilder(connectionString(sp)) { ConnectionStringBuilder = { MaxPoolSize = 10 } }.Build(),
            sp.GetRequiredService<IOptions<DataProtectionSettings>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>
/// Refuses, at start-up, keys that would fail later: outside Development a master key is required, because every
/// student's name, note and reason is written under a key it wraps (a host without one would answer 500 to the
/// student-record system's first upsert).
/// </summary>
internal sealed class DataProtectionSettingsValidator(IHostEnvironment environment) : IValidateOptions<DataProtectionSettings>
{
    public ValidateOptionsResult Validate(string? name, DataProtectionSettings options)
    {
        var problems = options.Problems().ToList();
        if (!environment.IsDevelopment() && options.MasterKeys.Count == 0)
            problems.Add($"{DataProtectionSettings.Section}:MasterKeys:<id> (base64, 32 bytes) and {DataProtectionSettings.Section}:ActiveMasterKey are required outside Development: students' names, notes and reasons are encrypted under data keys they wrap.");
        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
