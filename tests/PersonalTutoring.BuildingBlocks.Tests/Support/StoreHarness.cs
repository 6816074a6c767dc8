using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Messaging;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.BuildingBlocks.Tests.Support;

/// <summary>The foundation as a host runs it (one store, Wolverine, optionally the daemon) on a test database.</summary>
public sealed class StoreHarness : IAsyncDisposable
{
    private readonly IHost host;
    private bool stopped;

    private StoreHarness(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;
    public IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();
    public ProjectionAdmin Projections => host.Services.GetRequiredService<ProjectionAdmin>();

    public static async Task<StoreHarness> StartAsync(string connectionString, Action<StoreOptions> configure, bool daemon = true,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddTutoringStore(_ => connectionString, new StoreSettings { DaemonEnabled = daemon, PollInterval = TimeSpan.FromMilliseconds(200) });
        builder.Services.AddTutoringMessaging(typeof(StoreHarness).Assembly, development: true);
        builder.Services.ConfigureMarten(configure);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<StoreSchema>().MigrateAsync();
        await host.StartAsync();
        return new StoreHarness(host);
    }

    public Task CatchUpAsync() => Projections.WaitForNonStaleAsync(TimeSpan.FromSeconds(60));

    public async Task StopAsync()
    {
        if (stopped) return;
        stopped = true;
        await host.StopAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        host.Dispose();
    }
}

/// <summary>SQL a test uses to look at the database directly.</summary>
public sealed class Sql(string connectionString)
{
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<List<T>> ColumnAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}
