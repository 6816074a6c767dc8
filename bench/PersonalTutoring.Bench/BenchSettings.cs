using System.Text.Json.Serialization;

namespace PersonalTutoring.Bench;

/// <summary>Everything a run is parameterised by; printed with the results so a figure is never quoted without its context.</summary>
internal sealed record BenchSettings(
    [property: JsonIgnore] string? ConnectionString, // may hold a password: never written to the results
    string? NpgsqlOptions,
    int Events,
    TimeSpan Duration,
    TimeSpan WarmUp,
    int Rounds,
    IReadOnlyList<int> Concurrency,
    IReadOnlyList<string> Scenarios,
    int PayloadBytes,
    int EventsPerStream,
    string? MarkdownOut,
    string? JsonOut,
    bool Diagnose,
    string? HostDll,
    IReadOnlyList<string> Projections,
    int? FoldPage,
    int? Hopper,
    int KpiStudents = 40_000,
    int KpiYears = 3,
    int KpiRepetitions = 20,
    bool KpiKeep = false,
    int KpiWarmUps = 2,
    IReadOnlyList<string>? KpiRows = null,
    bool KpiWalk = false,
    int KpiWalkRuns = 0)
{
    /// <summary>Both the event store and the raw baseline size their pools from this, so neither waits on the pool.</summary>
    public int PoolSize => Concurrency.DefaultIfEmpty(1).Max() + 8;
}
