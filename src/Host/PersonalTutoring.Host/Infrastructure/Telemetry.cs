using System.Diagnostics;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PersonalTutoring.BuildingBlocks.Telemetry;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>The <c>Telemetry</c> section. Export itself is configured by the standard <c>OTEL_*</c> variables.</summary>
internal sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary><c>simple</c> (one line per entry, for people) or <c>json</c> (one JSON object per line, scopes and trace ids included).</summary>
    public string ConsoleFormat { get; set; } = "simple";

    /// <summary>How old the queried gauges (projection lag, dead letters, notification backlog) may be when collected.</summary>
    public double SampleSeconds { get; set; } = 15;
}

internal sealed class TelemetrySettingsValidator : IValidateOptions<TelemetrySettings>
{
    public ValidateOptionsResult Validate(string? name, TelemetrySettings options)
    {
        var failures = new List<string>();
        if (options.ConsoleFormat is not ("simple" or "json"))
            failures.Add($"Telemetry:ConsoleFormat is '{options.ConsoleFormat}': use simple or json.");
        if (options.SampleSeconds is <= 0 or > 3600)
            failures.Add($"Telemetry:SampleSeconds is {options.SampleSeconds}: give a number of seconds above 0 and at most 3600.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// Traces and metrics with OpenTelemetry (ASP.NET Core, HttpClient, Npgsql, Marten, Wolverine, the runtime and our own
/// <c>PersonalTutoring</c> meter), exported over OTLP only when an <c>OTEL_EXPORTER_OTLP_*ENDPOINT</c> is set;
/// JSON console logs on request; and every problem response logged with the trace id its body carries (ADR 0047).
/// </summary>
internal static class Telemetry
{
    /// <summary>The instrumentation names of the libraries we trace and measure (a test checks they exist).</summary>
    public static readonly string[] Sources = ["Npgsql", "Marten", "Wolverine"];
    public static readonly string[] Meters = ["Npgsql", "Marten", "Wolverine:*", TutoringMetrics.MeterName];

    private static readonly string[] OtlpEndpoints =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    /// <summary>How fresh the queried gauges are (<c>Telemetry:SampleSeconds</c>; an invalid value is reported at start-up).</summary>
    public static TimeSpan SampleInterval(IConfiguration configuration) =>
        configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() is { SampleSeconds: > 0 and <= 3600 } settings
            ? TimeSpan.FromSeconds(settings.SampleSeconds)
            : TimeSpan.FromSeconds(15);

    public static void AddTutoringTelemetry(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        builder.Services.AddOptions<TelemetrySettings>().BindConfiguration(TelemetrySettings.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetrySettings>, TelemetrySettingsValidator>();

        if (settings.ConsoleFormat == "json")
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true; // the request's TraceId and SpanId, the RequestPath
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });

        builder.Services.ConfigureMarten(o =>
        {
            o.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal; // a span per connection use, only when something listens
            o.OpenTelemetry.TrackEventCounters(); // marten.event.append by event type
        });

        if (OtlpEndpoints.Any(key => !string.IsNullOrWhiteSpace(builder.Configuration[key])))
        {
            var otel = builder.Services.AddOpenTelemetry()
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource(Sources))
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter(Meters));
            if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                otel.ConfigureResource(r => r.AddService("personal-tutoring"));
            otel.UseOtlpExporter(); // endpoint, protocol, headers: the standard OTEL_EXPORTER_OTLP_* variables
        }

        builder.Services.PostConfigure<ProblemDetailsOptions>(o =>
        {
            var customize = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                var traceId = TraceId(context.HttpContext);
                context.ProblemDetails.Extensions["traceId"] = traceId;
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PersonalTutoring.Problems");
                var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
                logger.Log(status >= 500 ? LogLevel.Error : LogLevel.Information,
                    "{Method} {Path} answered {Status} {Title} (traceId {TraceId})",
                    context.HttpContext.Request.Method, context.HttpContext.Request.Path.Value, status, context.ProblemDetails.Title, traceId);
            };
        });
    }

    /// <summary>The W3C trace id of the request (what traces and log scopes carry), or ASP.NET Core's request id without one.</summary>
    private static string TraceId(HttpContext context) =>
        (context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current) is { } activity
            ? activity.TraceId.ToHexString()
            : context.TraceIdentifier;
}
