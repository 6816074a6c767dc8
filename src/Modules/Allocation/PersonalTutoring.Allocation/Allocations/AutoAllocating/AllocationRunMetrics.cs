using System.Diagnostics;
using System.Diagnostics.Metrics;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Telemetry;

namespace PersonalTutoring.Allocation.Allocations.AutoAllocating;

/// <summary>
/// <c>tutoring.allocation.runs</c> (auto-allocation runs by outcome and dry run), <c>tutoring.allocation.run.duration</c>
/// and <c>tutoring.allocation.placements</c> (students placed by runs that applied).
/// </summary>
internal sealed class AllocationRunMetrics
{
    private readonly Counter<long> runs;
    private readonly Histogram<double> duration;
    private readonly Counter<long> placements;

    public AllocationRunMetrics(TutoringMetrics metrics)
    {
        runs = metrics.Meter.CreateCounter<long>("tutoring.allocation.runs", "{run}", "Auto-allocation runs, by outcome (completed, refused, failed) and dry run.");
        duration = metrics.Meter.CreateHistogram<double>("tutoring.allocation.run.duration", "s", "How long auto-allocation runs take.");
        placements = metrics.Meter.CreateCounter<long>("tutoring.allocation.placements", "{student}", "Students placed with a tutor by auto-allocation runs that applied.");
    }

    /// <summary>Runs and measures one auto-allocation.</summary>
    public async Task<AutoResult> MeasureAsync(bool dryRun, Func<Task<AutoResult>> run)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await run();
            outcome = "completed";
            if (!dryRun) placements.Add(result.Placements.Count);
            return result;
        }
        catch (Exception e) when (e is BusinessRuleException or ConflictException or NotFoundException or ForbiddenException or RequestValidationException
                                       or JasperFx.ConcurrencyException)
        {
            outcome = "refused";
            throw;
        }
        finally
        {
            var tags = new TagList { { "outcome", outcome }, { "dry_run", dryRun } };
            runs.Add(1, tags);
            duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
