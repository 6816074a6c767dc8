using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers, with the daemon's state.</summary>
internal static class Health
{
    public static IServiceCollection AddTutoringHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: ["ready"])
            .AddCheck<DaemonCheck>("projections", tags: ["ready"]);
        return services;
    }

    public static void MapTutoringHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write })
            .AllowAnonymous().ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write })
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description, data = e.Value.Data }),
        }, JsonSerializerOptions.Web));
    }

    private sealed class DatabaseCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(ct);
                return HealthCheckResult.Healthy("PostgreSQL answers.");
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
            }
        }
    }

    private sealed class DaemonCheck(ProjectionDaemon daemon) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                var status = await daemon.StatusAsync(ct);
                var data = status.ToDictionary(s => s.Name, s => (object)(s.Lifecycle == ProjectionLifecycle.Inline
                    ? "Inline: applied with every append"
                    : $"{s.State} at {s.Checkpoint} of {s.HighWaterMark}"));
                var retrying = status.Where(s => s.State == nameof(RunnerState.Retrying)).Select(s => s.Name).ToList();
                return retrying.Count == 0
                    ? HealthCheckResult.Healthy(daemon.IsEnabled ? "The projection daemon is running." : "The projection daemon is disabled on this host.", data)
                    : HealthCheckResult.Degraded($"Retrying: {string.Join(", ", retrying)}", data: data);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Projection state cannot be read.", e);
            }
        }
    }
}
