using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Reporting.Kpis;

/// <summary>
/// Works out every school's facts for today and for yesterday, as known then, every
/// <see cref="KpiFactsSettings.RefreshMinutes"/> (docs/adr/0093): today's keep the university's overview at most a few
/// minutes old; yesterday's, once the daemon has caught up past midnight, serve "as of yesterday, as known then" for good.
/// Facts that still serve exactly (nothing appended since) are not worked out again.
/// </summary>
internal sealed class KpiFactsKeeping(KpiSources sources, TimeProvider clock)
{
    public async Task RefreshAsync(CancellationToken ct)
    {
        var today = GovernanceAccess.Today(clock);
        var yesterday = today.AddDays(-1);
        await sources.EverySchoolAsync(new KpiDates(AcademicYear.Containing(yesterday), yesterday, yesterday), ct, overview: false);
        await sources.EverySchoolAsync(new KpiDates(AcademicYear.Containing(today), today, today), ct, overview: false);
    }
}

/// <summary>Runs <see cref="KpiFactsKeeping"/> on a timer; a run that fails is logged and tried again at the next tick.</summary>
internal sealed class KpiFactsKeeper(IServiceProvider services, KpiFactsSettings settings, TimeProvider clock, ILogger<KpiFactsKeeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.RefreshMinutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.RefreshMinutes), clock);
        do
        {
            try
            {
                await services.GetRequiredService<KpiFactsKeeping>().RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The schools' KPI facts could not be kept; they are worked out on request until the next try in {Minutes} minutes.",
                    settings.RefreshMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
