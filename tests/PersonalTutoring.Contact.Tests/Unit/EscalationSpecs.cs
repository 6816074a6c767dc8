using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Contact.ContactLogs.SupportFlags;
using PersonalTutoring.Contact.Contracts;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Unit;

/// <summary>CO-5 asked for by another module (Meetings' no-show follow-up, ME-7): the same flag, once per term.</summary>
public sealed class EscalationSpecs
{
    private static readonly DateTimeOffset At = London(2025, 10, 20, 12);
    private static readonly Guid Flag = Guid.NewGuid(), Other = Guid.NewGuid();

    private static EscalationRequested Asked(Guid flag) => new("s1", flag, "MED", 3, "meeting-no-show", At);

    [Fact]
    public void CO5_a_no_show_escalation_raises_the_support_flag_of_the_term() =>
        Spec<ContactLog>.Given()
            .When(s => EscalationHandler.Escalate(s, Asked(Flag), EscalationHandler.TermKeyAt(For("MED"), At)))
            .Then(new SupportFlagRaised("s1", Flag, "MED", "2025-26/Autumn", 3, At));

    [Fact]
    public void CO5_a_tutee_already_flagged_this_term_is_not_flagged_twice() =>
        Spec<ContactLog>.Given(new SupportFlagRaised("s1", Other, "MED", "2025-26/Autumn", 3, At.AddDays(-3)))
            .When(s => EscalationHandler.Escalate(s, Asked(Flag), "2025-26/Autumn"))
            .ThenNothing();

    [Fact]
    public void Outside_term_time_the_flag_belongs_to_the_years_out_of_term_period() =>
        EscalationHandler.TermKeyAt(For("MED"), London(2025, 12, 20, 12)).Should().Be("2025-26/outside-term");
}
