using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Host.Cli;

/// <summary>The services without the web server or background work, for one-shot verbs.</summary>
internal static class CliHost
{
    /// <summary>ASPNETCORE_ENVIRONMENT counts too: verbs run beside a web host configured that way.</summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production;

    public static IHost Build(string[] args, bool runDaemon = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = EnvironmentName,
        });
        // One-shot verbs print their own results; only warnings and errors from the machinery.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning"), new("Logging:LogLevel:Microsoft", "Warning")]);
        builder.Services.AddTutoringCore(builder.Configuration, builder.Environment, runDaemon);
        return builder.Build();
    }

    public static IConfiguration Configuration(string[] args) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection([new("DOTNET_ENVIRONMENT", EnvironmentName)])
            .Build();
}
