using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Marten;
using Npgsql;
using PersonalTutoring.BuildingBlocks.Auth;
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

    /// <summary>The status for everyone; the checks' details only in Development or to a signed-in Admin (issue 10, item 17).</summary>
    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var detailed = context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment() || context.User.IsInRole(Roles.Admin);
        if (!detailed) return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, JsonSerializerOptions.Web));
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description, data = e.Value.Data }),
        }, JsonSerializerOptions.Web));
    }

    private sealed class DatabaseCheck(IDocumentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(ct);
                return HealthCheckResult.Healthy("PostgreSQL answers.");
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
            }
        }
    }

    private sealed class DaemonCheck(ProjectionAdmin projections) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                var status = await projections.StatusAsync(ct);
                var data = status.ToDictionary(s => s.Name, s => (object)(s.Lifecycle == "Inline" ? s.State : $"{s.State} at {s.Checkpoint} of {s.HighWaterMark}"));
                return HealthCheckResult.Healthy(projections.DaemonRole, data);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Projection state cannot be read.", e);
            }
        }
    }
}
