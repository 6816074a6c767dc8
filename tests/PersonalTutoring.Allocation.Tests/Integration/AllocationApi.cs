using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// The host with a policy double (Governance's policies are built in parallel), a mail folder of its own and a
/// fake Registry webhook receiver.
/// </summary>
public class AllocationApi : TutoringApiFactory
{
    public FixedPolicies Policies { get; } = new();

    public FakeRegistry Registry { get; } = new();

    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), "pt-mail-" + Guid.NewGuid().ToString("N"));

    protected virtual string? WebhookUrl => "https://registry.test/hooks/allocation";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Allocation:Mail:PickupFolder", MailFolder);
        // Retries in test time: two quick in-process retries, one scheduled by Wolverine, then the dead letters.
        builder.UseSetting("Allocation:Notifications:CooldownSeconds", "0.05,0.1");
        builder.UseSetting("Allocation:Notifications:RetrySeconds", "0.2");
        builder.UseSetting("Allocation:Registry:WebhookUrl", WebhookUrl ?? "");
        builder.UseSetting("Allocation:Registry:WebhookSecret", FakeRegistry.Secret);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ITutoringPolicies>(Policies);
            services.AddHttpClient("allocation-registry").ConfigurePrimaryHttpMessageHandler(() => Registry);
        });
    }

    public async Task<long> EventCountAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events WHERE stream_id = @s", connection);
        command.Parameters.AddWithValue("s", stream);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<long> AllEventCountAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task SchoolAsync(string code) =>
        await Admin().PutJson($"/api/schools/{code}", new { name = $"School {code}" }).ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);

    public async Task StudentAsync(string id, string school = "MED", int year = 1, string status = "Studying", bool visiting = false, string level = "UG") =>
        await ClientFor(Roles.Integration, "registry").PutJson($"/api/students/{id}", Students.Body(school, year, status, visiting, level))
            .ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);

    public async Task TutorAsync(string id, string school = "MED", bool permanent = true, int? capacity = null) =>
        await ClientFor(Roles.Integration, "hr").PutJson($"/api/tutors/{id}", new
        {
            givenName = "Tutor", familyName = id, email = $"{id}@uni.test", schoolCode = school, permanentAcademicStaff = permanent, capacity,
        }).ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);

    public HttpClient SeniorTutor(string school = "MED") => ClientFor(Roles.SeniorTutor, $"st-{school}", school);

    public async Task AllocateAsync(string student, string tutor, string school = "MED", string? effectiveOn = null) =>
        await SeniorTutor(school).PostJson("/api/allocations", new { studentId = student, tutorId = tutor, reason = "Initial allocation", effectiveOn })
            .ShouldBe(HttpStatusCode.OK);
}

public static class Students
{
    public static Dictionary<string, object?> Body(string school = "MED", int year = 1, string status = "Studying", bool visiting = false, string level = "UG") => new()
    {
        ["givenName"] = "Ada", ["familyName"] = "Lovelace", ["email"] = "ada@students.test", ["schoolCode"] = school, ["programmeCode"] = "MBBS",
        ["level"] = level, ["yearOfStudy"] = year, ["registeredOn"] = "2025-09-22", ["status"] = status, ["studentRouteVisa"] = false,
        ["visitingStudyAbroad"] = visiting,
    };
}

public static class StatusAssertions
{
    public static async Task<System.Text.Json.JsonElement> ShouldBeOneOf(this Task<HttpResponseMessage> response, params HttpStatusCode[] statuses)
    {
        var r = await response;
        var body = await r.Content.ReadAsStringAsync();
        statuses.Should().Contain(r.StatusCode, "the response was: {0}", body);
        return string.IsNullOrWhiteSpace(body) ? default : System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>A policy double whose numbers a test sets; every other number is the codes' default.</summary>
public sealed class FixedPolicies : ITutoringPolicies
{
    public int Target { get; set; } = 3;
    public int Maximum { get; set; } = 4;
    public int DeadlineDays { get; set; } = 7;
    public IReadOnlyList<YearBlock> Blocks { get; set; } = [new YearBlock(1, 2), new YearBlock(3, 3), new YearBlock(4, 5), new YearBlock(6, 6)];

    public Task<TutoringPolicy> InForceAsync(string schoolCode, DateOnly date, CohortLevel? level, CancellationToken ct) =>
        Task.FromResult(Make(schoolCode, AcademicYear.Containing(date).ToString(), level, Target, Maximum, DeadlineDays, Blocks));

    public static TutoringPolicy Make(string school, string year, CohortLevel? level, int target, int maximum, int deadlineDays, IReadOnlyList<YearBlock> blocks) =>
        new(school, year, level, 1, false, target, maximum, deadlineDays, blocks, [6], 4, true, 1, 3, 14, 2, 1.5m, [], null);
}

/// <summary>
/// The Registry's webhook endpoint, as a handler: records what arrived; fails the first N calls on request, or the calls
/// whose body mentions a marker (a student id) while the test says so; or holds such calls until released.
/// </summary>
public sealed class FakeRegistry : HttpMessageHandler
{
    public const string Secret = "registry-test-secret";
    private readonly List<(HttpRequestMessage Request, string Body)> received = [];
    private readonly Dictionary<string, int> failuresFor = [];
    private readonly Dictionary<string, TaskCompletionSource> holds = [];
    private readonly Dictionary<string, int> calls = [];
    public int FailuresToSimulate { get; set; }
    public int Calls { get; private set; }

    public IReadOnlyList<(HttpRequestMessage Request, string Body)> Received { get { lock (received) return [.. received]; } }

    /// <summary>Calls about <paramref name="marker"/> fail <paramref name="times"/> times (int.MaxValue: until told otherwise).</summary>
    public void FailFor(string marker, int times) { lock (received) failuresFor[Quoted(marker)] = times; }

    /// <summary>Calls about <paramref name="marker"/> wait until the returned action is called.</summary>
    public Action HoldFor(string marker)
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (received) holds[Quoted(marker)] = hold;
        return () => hold.TrySetResult();
    }

    public int CallsAbout(string marker) { lock (received) return calls.GetValueOrDefault(Quoted(marker)); }

    private static string Quoted(string marker) => $"\"{marker}\"";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Task? hold;
        lock (received) hold = holds.FirstOrDefault(h => body.Contains(h.Key)).Value?.Task;
        if (hold is not null) await hold.WaitAsync(cancellationToken);
        lock (received)
        {
            Calls++;
            foreach (var marker in calls.Keys.Concat(failuresFor.Keys).Concat(holds.Keys).Distinct().Where(body.Contains).ToList())
                calls[marker] = calls.GetValueOrDefault(marker) + 1;
            if (FailuresToSimulate > 0) { FailuresToSimulate--; return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable); }
            if (failuresFor.FirstOrDefault(f => body.Contains(f.Key) && f.Value > 0) is { Key: not null } failing)
            {
                failuresFor[failing.Key] = failing.Value - 1;
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            }
            received.Add((request, body));
        }
        return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = JsonContent.Create(new { ok = true }) };
    }
}
