using MailKit.Security;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using PersonalTutoring.Allocation.Notifications.Mail;

namespace PersonalTutoring.Allocation.Tests.Unit.Mail;

/// <summary>Allocation:Mail is checked at start-up (docs/adr/0050): each mistake is refused with the setting it concerns.</summary>
public sealed class MailOptionsTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "PersonalTutoring.Host";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static MailOptions Relay(Action<SmtpOptions>? change = null)
    {
        var smtp = new SmtpOptions { Host = "smtp.uni.test", UserName = "tutoring", Password = "secret" };
        change?.Invoke(smtp);
        return new MailOptions { From = "noreply@uni.test", Smtp = smtp };
    }

    private static IEnumerable<string> Failures(MailOptions options, string environment = "Production") =>
        new MailOptionsValidator(new Environment(environment)).Validate(null, options).Failures ?? [];

    [Fact]
    public void A_relay_with_sender_and_credentials_over_starttls_is_accepted() => Failures(Relay()).Should().BeEmpty();

    [Fact]
    public void Outside_development_a_relay_and_a_sender_are_required() =>
        Failures(new MailOptions()).Should().BeEquivalentTo(
            "Allocation:Mail:From (the sender's address) is required outside Development.",
            "Allocation:Mail:Smtp:Host is required outside Development: notifications are sent through an SMTP relay.");

    [Fact]
    public void In_development_nothing_is_required_mail_goes_to_the_pickup_folder() =>
        Failures(new MailOptions(), Environments.Development).Should().BeEmpty();

    [Fact]
    public void The_pickup_folder_is_refused_outside_development()
    {
        var options = Relay();
        options.PickupFolder = "/var/mail-outbox";

        Failures(options).Should().ContainSingle().Which.Should().StartWith("Allocation:Mail:PickupFolder is for Development only");
    }

    [Fact]
    public void A_pickup_folder_next_to_a_relay_is_ambiguous_even_in_development()
    {
        var options = Relay();
        options.PickupFolder = ".data/mail";

        Failures(options, Environments.Development).Should().ContainSingle().Which.Should().Contain("both set");
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("two@@at.test")]
    public void A_sender_that_is_not_an_address_is_refused(string from)
    {
        var options = Relay();
        options.From = from;

        Failures(options).Should().ContainSingle().Which.Should().Contain("Allocation:Mail:From");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void A_port_outside_the_tcp_range_is_refused(int port) =>
        Failures(Relay(s => s.Port = port)).Should().ContainSingle().Which.Should().Contain("Allocation:Mail:Smtp:Port");

    [Fact]
    public void A_user_name_without_a_password_is_refused() =>
        Failures(Relay(s => s.Password = null)).Should().ContainSingle().Which.Should().Contain("set both or neither");

    [Fact]
    public void A_password_over_an_unencrypted_connection_is_refused_outside_development()
    {
        Failures(Relay(s => s.Security = SecureSocketOptions.None)).Should().ContainSingle().Which.Should().Contain("clear text");
        Failures(Relay(s => s.Security = SecureSocketOptions.None), Environments.Development).Should().BeEmpty();
        Failures(Relay(s => (s.Security, s.UserName, s.Password) = (SecureSocketOptions.None, null, null))).Should().BeEmpty("an unauthenticated local relay");
    }
}
