using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PersonalTutoring.BuildingBlocks.Telemetry;

/// <summary>
/// The host's own meter (<c>PersonalTutoring</c>), beside ASP.NET Core's, Npgsql's, Marten's and Wolverine's. Modules add
/// their instruments to it; gauges that need a query read <see cref="SampledMeasurements{T}"/>.
/// </summary>
public sealed class TutoringMetrics
{
    public const string MeterName = "PersonalTutoring";

    public TutoringMetrics(IMeterFactory meters) => Meter = meters.Create(MeterName);

    public Meter Meter { get; }

    /// <summary>How old a queried gauge's sample may be before a collection takes a new one.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(15);
}

public static class TelemetryRegistration
{
    /// <summary>The meter, and the projections' and messages' gauges (lag and dead letters).</summary>
    public static IServiceCollection AddTutoringMetrics(this IServiceCollection services, TimeSpan? sampleInterval = null)
    {
        services.AddMetrics();
        services.TryAddSingleton(sp => new TutoringMetrics(sp.GetRequiredService<IMeterFactory>()) { SampleInterval = sampleInterval ?? TimeSpan.FromSeconds(15) });
        services.TryAddSingleton<ProjectionMetrics>();
        services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredService<ProjectionMetrics>());
        services.AddHostedService<MetricsRegistration>();
        return services;
    }
}

/// <summary>Instruments are created with the host, so a collector that attaches later still finds them.</summary>
internal sealed class MetricsRegistration(IEnumerable<IMetricsSource> sources) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var source in sources) source.Register();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Something that adds instruments to <see cref="TutoringMetrics"/>; registered as <c>IMetricsSource</c>.</summary>
public interface IMetricsSource
{
    void Register();
}
