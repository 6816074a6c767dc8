using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

internal sealed class DataProtectionSettingsValidator : IValidateOptions<DataProtectionSettings>
{
    public ValidateOptionsResult Validate(string? name, DataProtectionSettings options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
