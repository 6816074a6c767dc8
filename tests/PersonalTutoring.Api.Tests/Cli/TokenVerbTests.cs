using Microsoft.IdentityModel.JsonWebTokens;

namespace PersonalTutoring.Api.Tests.Cli;

/// <summary>The <c>token</c> verb mints development tokens the API accepts: in Development only, within the maximum lifetime.</summary>
public sealed class TokenVerbTests
{
    private static Dictionary<string, string> Development()
    {
        var environment = HostProcess.Development(null);
        environment["Authentication__DevelopmentSigningKey"] = TutoringApiFactory.SigningKey;
        return environment;
    }

    [Fact]
    public async Task A_token_is_minted_with_the_configured_claim_names_and_lifetime()
    {
        var environment = Development();
        environment["Authentication__RoleClaim"] = "roles";

        using var run = await HostProcess.RunAsync(environment, "token", "--role", "SeniorTutor", "--sub", "st-1", "--school", "MED", "--hours", "2");

        run.ExitCode.Should().Be(0, run.Error);
        var token = new JsonWebToken(run.Output.Trim().Split('\n')[^1].Trim());
        token.GetClaim("roles").Value.Should().Be("SeniorTutor");
        token.GetClaim("school").Value.Should().Be("MED");
        (token.ValidTo - token.IssuedAt).Should().Be(TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task A_lifetime_beyond_the_maximum_is_refused()
    {
        using var run = await HostProcess.RunAsync(Development(), "token", "--role", "Admin", "--sub", "admin-1", "--hours", "13");

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().StartWith("--hours 13: give 1 to 12 (Authentication:MaxTokenLifetimeHours)");
    }

    [Fact]
    public async Task Outside_development_no_token_is_minted()
    {
        var environment = HostProcess.Production(null);
        environment["Authentication__DevelopmentSigningKey"] = TutoringApiFactory.SigningKey;

        using var run = await HostProcess.RunAsync(environment, "token", "--role", "Admin", "--sub", "admin-1");

        run.ExitCode.Should().Be(2);
        run.Output.Should().BeEmpty();
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("Development environment only");
    }
}
