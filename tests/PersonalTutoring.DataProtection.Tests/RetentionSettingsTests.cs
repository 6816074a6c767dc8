using PersonalTutoring.DataProtection.Retention;

namespace PersonalTutoring.DataProtection.Tests;

/// <summary>The schedule's start-up checks: a student's name and address have no period of their own (ADR 0086).</summary>
public sealed class RetentionSettingsTests
{
    [Fact]
    public void A_period_for_the_profile_is_refused_and_names_the_whole_records_period()
    {
        var result = new RetentionSettingsValidator().Validate(null, new RetentionSettings { Years = { ["profile"] = 2 } });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Years:profile").And.Contain(RetentionSettings.AllocationHistory);
    }

    [Fact]
    public void The_defaults_pass()
    {
        new RetentionSettingsValidator().Validate(null, new RetentionSettings()).Succeeded.Should().BeTrue();
    }
}
