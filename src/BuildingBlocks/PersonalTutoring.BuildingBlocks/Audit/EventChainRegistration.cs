using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PersonalTutoring.BuildingBlocks.Audit;

public static class EventChainRegistration
{
    /// <summary>The tamper-evident history: the sealer (a hosted service), the checkpoints and the verifier.</summary>
    public static IServiceCollection AddEventChain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditSettings>().Bind(configuration.GetSection(AuditSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditSettings>, AuditSettingsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuditSettings>>().Value);
        services.AddSingleton<ChainCheckpoints>();
        services.AddSingleton<EventChainVerifier>();
        services.AddSingleton<EventChainSealer>();
        services.AddHostedService(sp => sp.GetRequiredService<EventChainSealer>());
        return services;
    }

    internal static async Task<NpgsqlConnection> OpenConnectionAsync(this IDocumentStore store, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}

internal sealed class AuditSettingsValidator : IValidateOptions<AuditSettings>
{
    public ValidateOptionsResult Validate(string? name, AuditSettings options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
