using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>Allocation:Mail is validated when the host starts (ValidateOnStart), not at the first email hours later.</summary>
public sealed class MailStartupTests
{
    [Fact]
    public async Task Outside_development_the_host_refuses_to_start_without_a_relay_and_names_the_settings()
    {
        await using var app = TutoringApp.Build(["--environment", "Production", "--contentRoot", Path.GetTempPath()], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Never reached: options are validated before any hosted service (the migration) starts.
                ["ConnectionStrings:Tutoring"] = "Host=127.0.0.1;Port=1;Username=nobody",
                ["Logging:LogLevel:Default"] = "None",
            }));

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("Allocation:Mail:Smtp:Host is required outside Development").And.Contain("Allocation:Mail:From");
    }
}
