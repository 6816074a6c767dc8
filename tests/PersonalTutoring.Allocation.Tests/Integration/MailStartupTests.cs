using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>Allocation:Mail is validated when the host starts (ValidateOnStart), not at the first email hours later.</summary>
public sealed class MailStartupTests
{
    [Fact]
    public void Outside_development_the_host_refuses_to_start_without_a_relay_and_names_the_settings()
    {
        // Settings are validated as soon as the host is built, before any hosted service (the migration) starts.
        var build = () => TutoringApp.Build(["--environment", "Production", "--contentRoot", Path.GetTempPath()], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Tutoring"] = "Host=127.0.0.1;Port=1;Username=nobody", // never reached
                ["Authentication:Authority"] = "https://idp.invalid", // only the mail settings are missing
                ["DataProtection:MasterKeys:test-1"] = TutoringApiFactory.TestMasterKey,
                ["DataProtection:ActiveMasterKey"] = "test-1",
                ["Logging:LogLevel:Default"] = "None",
            }));

        build.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("Allocation:Mail:Smtp:Host is required outside Development").And.Contain("Allocation:Mail:From");
    }

    [Fact]
    public void Outside_development_the_host_refuses_to_start_without_a_master_key_and_names_the_settings()
    {
        // Students' names are encrypted from their first upsert: a host without a key would answer it with a 500.
        var build = () => TutoringApp.Build(["--environment", "Production", "--contentRoot", Path.GetTempPath()], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Tutoring"] = "Host=127.0.0.1;Port=1;Username=nobody", // never reached
                ["Authentication:Authority"] = "https://idp.invalid",
                ["Allocation:Mail:From"] = "personal-tutoring@uni.test",
                ["Allocation:Mail:Smtp:Host"] = "127.0.0.1",
                ["Logging:LogLevel:Default"] = "None",
            }));

        build.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("DataProtection:ActiveMasterKey are required outside Development");
    }
}
