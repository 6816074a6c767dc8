using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using PersonalTutoring.Api.Tests.Cli;

namespace PersonalTutoring.Api.Tests.Telemetry;

/// <summary>The host with every log entry kept, to find a request's line by its trace id.</summary>
public sealed class LoggedApi : TutoringApiFactory
{
    public LogCapture Logs { get; } = new();

    protected override void Configure(IWebHostBuilder builder) => builder.ConfigureLogging(l => l.AddProvider(Logs));
}

public sealed class TelemetryTests(LoggedApi api) : IClassFixture<LoggedApi>
{
    [Fact]
    public async Task The_trace_id_of_a_problem_is_in_the_log_line_of_that_request()
    {
        var problem = await (await api.Admin().GetAsync("/api/nothing-here")).ShouldBeProblem(HttpStatusCode.NotFound);

        var traceId = problem.GetProperty("traceId").GetString()!;
        traceId.Should().MatchRegex("^[0-9a-f]{32}$", "a W3C trace id, the one traces carry");
        api.Logs.Lines.Should().ContainSingle(l => l.Contains(traceId))
            .Which.Should().Be($"PersonalTutoring.Problems Information: GET /api/nothing-here answered 404 Not Found (traceId {traceId})");
    }

    [Fact]
    public async Task Otlp_export_is_set_up_only_when_an_endpoint_is_configured()
    {
        api.Services.GetService<TracerProvider>().Should().BeNull("nothing is exported unless OTEL_EXPORTER_OTLP_ENDPOINT says where");

        await using var exporting = api.WithWebHostBuilder(b => b.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{HostProcess.FreePort()}"));

        exporting.Services.GetService<TracerProvider>().Should().NotBeNull();
        exporting.Services.GetService<OpenTelemetry.Metrics.MeterProvider>().Should().NotBeNull();
    }

    [Fact]
    public async Task The_libraries_we_name_publish_activity_sources_and_meters_of_those_names()
    {
        var sources = new HashSet<string>();
        var meters = new HashSet<string>();
        using var activities = new ActivityListener { ShouldListenTo = s => { lock (sources) sources.Add(s.Name); return false; } };
        ActivitySource.AddActivityListener(activities);
        using var instruments = new MeterListener { InstrumentPublished = (i, _) => { lock (meters) meters.Add(i.Meter.Name); } };
        instruments.Start();

        await api.Admin().PutJson("/api/schools/TEL", new { name = "Telemetry School" });
        // A library creates its source when it first traces (Wolverine: the first message); its static sources name it too.
        foreach (var library in new[] { typeof(Npgsql.NpgsqlConnection), typeof(Marten.IDocumentStore), typeof(Wolverine.IMessageBus) })
            sources.UnionWith(StaticActivitySources(library.Assembly));

        sources.Should().Contain(PersonalTutoring.Host.Infrastructure.Telemetry.Sources);
        foreach (var meter in PersonalTutoring.Host.Infrastructure.Telemetry.Meters)
            meters.Should().Contain(m => meter.EndsWith('*') ? m.StartsWith(meter.TrimEnd('*'), StringComparison.Ordinal) : m == meter, $"meter {meter} is published");
    }

    private static IEnumerable<string> StaticActivitySources(System.Reflection.Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(ActivitySource) && !f.DeclaringType!.ContainsGenericParameters)
            .Select(f => (f.GetValue(null) as ActivitySource)?.Name)
            .OfType<string>();
}

/// <summary>Keeps every log entry as "category level: message".</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines { get { lock (lines) return [.. lines]; } }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose() { }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (capture.lines) capture.lines.Add($"{category} {logLevel}: {formatter(state, exception)}");
        }
    }
}

/// <summary>JSON console logs, read as an operator's log shipper reads them.</summary>
public sealed class JsonLogTests : IAsyncLifetime
{
    private static string? ScopeTraceId(JsonElement scope) => scope.TryGetProperty("TraceId", out var t) ? t.GetString() : null;

    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestPostgres.CreateDatabaseAsync(nameof(JsonLogTests));

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Json_console_logs_carry_a_problems_trace_id_in_its_line_and_its_scope()
    {
        var port = HostProcess.FreePort();
        var environment = HostProcess.Development(db.ConnectionString);
        environment["Telemetry__ConsoleFormat"] = "json";
        environment["Logging__LogLevel__PersonalTutoring.Problems"] = "Information";
        using var host = HostProcess.Start(environment, "--urls", $"http://127.0.0.1:{port}");
        (await StartupFailureTests.HealthAsync(host, port)).Should().Be(HttpStatusCode.OK, host.Error);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var body = JsonDocument.Parse(await (await http.GetAsync("/api/admin/projections")).Content.ReadAsStringAsync()).RootElement;
        var traceId = body.GetProperty("traceId").GetString()!;

        JsonElement? line = null;
        for (var i = 0; i < 50 && line is null; i++, await Task.Delay(100))
            line = host.Output.Split('\n').Where(l => l.Contains(traceId)).Select(l => (JsonElement?)JsonDocument.Parse(l).RootElement).FirstOrDefault();
        line.Should().NotBeNull(host.Output);
        line!.Value.GetProperty("Category").GetString().Should().Be("PersonalTutoring.Problems");
        line.Value.GetProperty("Message").GetString().Should().Be($"GET /api/admin/projections answered 401 Unauthorized. (traceId {traceId})");
        line.Value.GetProperty("Scopes").EnumerateArray().Select(ScopeTraceId).Should().Contain(traceId);
    }
}
