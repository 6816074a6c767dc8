using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.TestKit;

/// <summary>
/// The real host over a test database of its own, with a development signing key so tests can act as any role.
/// One per test class (xunit class fixture).
/// </summary>
public class TutoringApiFactory : WebApplicationFactory<Program>, Xunit.IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-for-personal-tutoring-tests-0001";
    private TestDatabase? database;
    private readonly string mailPickup = Path.Combine(Path.GetTempPath(), "pt-mail-" + Guid.NewGuid().ToString("N"));

    /// <summary>This factory's own folder of event chain checkpoints (not the checkout's .data).</summary>
    public string CheckpointFolder { get; } = Path.Combine(Path.GetTempPath(), "pt-checkpoints-" + Guid.NewGuid().ToString("N"));

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>When true, the tests' clock is not injected and the system clock is used.</summary>
    protected virtual bool UseManualClock => false;

    public string ConnectionString => database!.ConnectionString;

    public virtual async Task InitializeAsync() => database = await TestPostgres.CreateDatabaseAsync(GetType().Name);

    async Task Xunit.IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (database is not null) await database.DisposeAsync();
        if (Directory.Exists(mailPickup)) Directory.Delete(mailPickup, recursive: true);
        if (Directory.Exists(CheckpointFolder)) Directory.Delete(CheckpointFolder, recursive: true);
    }

    /// <summary>A master key for hosts outside Development (base64, 32 bytes), never used anywhere else.</summary>
    public const string TestMasterKey = "dGVzdC1vbmx5LW1hc3Rlci1rZXktMDAwMDAwMDAwMDE=";

    /// <summary>The host's environment; outside Development the factory must configure an authority (<see cref="LocalIssuer"/>) and a mail relay.</summary>
    protected virtual string Environment => "Development";

    protected virtual string KpiFactsRefreshMinutes => "0";

    protected virtual string KpiFactsOverviewFreshMinutes => "0";

    protected virtual string KpiFactsKnownTodayDaysPerRun => "5";

    /// <summary>Settings of a derived factory, applied after the defaults.</summary>
    protected virtual void Configure(IWebHostBuilder builder) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:Tutoring", database!.ConnectionString);
        if (Environment == "Development")
        {
            // Both are Development's only, and refused at start-up anywhere else.
            builder.UseSetting("Authentication:DevelopmentSigningKey", SigningKey);
            builder.UseSetting("Allocation:Mail:PickupFolder", mailPickup); // not the checkout's .data/mail-outbox
        }
        else
        {
            // Required outside Development (Development's own is in appsettings.Development.json).
            builder.UseSetting("DataProtection:MasterKeys:test-1", TestMasterKey);
            builder.UseSetting("DataProtection:ActiveMasterKey", "test-1");
        }
        builder.UseSetting("Projections:PollSeconds", "0.2");
        // Tests ask for figures right after changing them: kept KPI facts serve only when exact, and no keeper runs
        // beside the test (docs/adr/0093; KeptKpiFactsTests turns both on).
        builder.UseSetting("Governance:KpiFacts:RefreshMinutes", KpiFactsRefreshMinutes);
        builder.UseSetting("Governance:KpiFacts:OverviewFreshMinutes", KpiFactsOverviewFreshMinutes);
        // A keeper run a test starts walks five days of every school: a few seconds, and days a test can count (docs/adr/0099).
        builder.UseSetting("Governance:KpiFacts:BackfillDaysPerRun", "5");
        // And five days of every school of the earlier years as known today (docs/adr/0101).
        builder.UseSetting("Governance:KpiFacts:KnownTodayDaysPerRun", KpiFactsKnownTodayDaysPerRun);
        builder.UseSetting("Audit:CheckpointDirectory", CheckpointFolder);
        Configure(builder);
        builder.ConfigureTestServices(services =>
        {
            if (UseManualClock) services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>A client whose requests carry a token for the given user.</summary>
    public HttpClient ClientFor(string role, string subject, params string[] schools) => ClientFor([role], subject, schools);

    public HttpClient ClientFor(string[] roles, string subject, params string[] schools)
    {
        var client = CreateClient();
        var token = JwtAuthentication.MintDevelopmentToken(SigningKey, subject, roles, schools);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin() => ClientFor(Roles.Admin, "admin-1");

    /// <summary>Waits until async projections have caught up with everything committed so far.</summary>
    public Task CatchUpAsync() => Services.GetRequiredService<ProjectionAdmin>().WaitForNonStaleAsync(TimeSpan.FromSeconds(60));
}

/// <summary>A clock tests move by hand (injected as the host's TimeProvider when a factory opts in).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Set(DateTimeOffset to) => now = to;

    public void Advance(TimeSpan by) => now += by;
}
