using System.Diagnostics;

namespace PersonalTutoring.Api.Tests;

/// <summary>
/// Outside Development the host loads Wolverine's handler code generated ahead of time (ADR 0035) and refuses to start
/// if any is missing: a handler added or changed without `codegen write` fails here, not in production.
/// </summary>
public sealed class ProductionStartTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestPostgres.CreateDatabaseAsync(nameof(ProductionStartTests));

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task The_host_starts_in_production_on_pre_generated_code_and_is_ready()
    {
        await using var issuer = await LocalIssuer.StartAsync(); // outside Development the host needs its OpenID Connect authority
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PersonalTutoring.Host.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ConnectionStrings__Tutoring"] = db.ConnectionString;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Allocation__Mail__From"] = "personal-tutoring@uni.test"; // outside Development mail needs a relay (ADR 0050)
        info.Environment["Allocation__Mail__Smtp__Host"] = "127.0.0.1";
        info.Environment["DataProtection__MasterKeys__test-1"] = TutoringApiFactory.TestMasterKey; // outside Development the keys are required
        info.Environment["DataProtection__ActiveMasterKey"] = "test-1";
        info.Environment["Authentication__Authority"] = issuer.Url;
        info.Environment["Authentication__RequireHttpsMetadata"] = "false";
        using var host = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        host.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        host.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode? status = null;
            while (DateTime.UtcNow < deadline && !host.HasExited)
            {
                try
                {
                    status = (await http.GetAsync("/health/ready")).StatusCode;
                    if (status == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException) { }
                await Task.Delay(250);
            }

            host.HasExited.Should().BeFalse("the host must start on its pre-generated code: {0}", output);
            status.Should().Be(HttpStatusCode.OK, output.ToString());
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
