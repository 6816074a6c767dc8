using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.References.Tests.Support;

/// <summary>
/// The real host with a hand-moved clock, an in-memory Allocation and a school policy with UCL's year blocks (MED: year
/// 6 is the final year, its own block), so access rules and the final-year rule run end to end.
/// </summary>
public sealed class ReferencesApi : TutoringApiFactory, ITutoringPolicies
{
    public static readonly DateTimeOffset Now = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    public FakeAllocation Allocation { get; } = new();

    protected override bool UseManualClock => true;

    public ReferencesApi() => Clock.Set(Now);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IAllocationQueries>(Allocation);
            services.AddSingleton<IStudentDirectory>(Allocation);
            services.AddSingleton<ITutoringPolicies>(this);
        });
    }

    public static TutoringPolicy Policy(string school) => new(school, "2025-26", null, 1, false, 50, 60, 14,
        school == "MED" ? [new(1, 2), new(3, 3), new(4, 5), new(6, 6)] : [], school == "MED" ? [6] : [], 2, true, 1, 5, 14, 3, 1m, [], null);

    public Task<TutoringPolicy> InForceAsync(string schoolCode, DateOnly date, CohortLevel? level, CancellationToken ct) => Task.FromResult(Policy(schoolCode));

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..14];

    public HttpClient Student(string id) => ClientFor(Roles.Student, id);

    public HttpClient Tutor(string id) => ClientFor(Roles.Tutor, id);

    /// <summary>Events of the module (every alias starts <c>references.</c>) but scheduled reminders, which fire on their own time.</summary>
    public async Task<long> EventCount()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events WHERE type LIKE 'references.%' AND type <> 'references.deadline_reminded'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
