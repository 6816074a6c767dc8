using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.Tests.Unit;

/// <summary>Referrals (CO-10) and concerns (CO-9, CO-14): acknowledged by their recipient, then closed with an outcome.</summary>
public sealed class HandlingLifecycleSpecs
{
    private static readonly object Happened = new();

    [Theory]
    [InlineData("referral")]
    [InlineData("concern")]
    public void An_open_item_is_acknowledged_and_a_repeat_decides_nothing(string kind)
    {
        var lifecycle = For(kind);

        lifecycle.Acknowledge(Progress.Open, () => Happened).Should().Equal(Happened);
        lifecycle.Acknowledge(Progress.Acknowledged, () => Happened).Should().BeEmpty();
    }

    [Theory]
    [InlineData("referral", "referral-not-acknowledged")]
    [InlineData("concern", "concern-not-acknowledged")]
    public void An_item_is_acknowledged_before_it_is_closed(string kind, string code)
    {
        var close = () => For(kind).Close(Progress.Open, () => Happened);

        close.Should().Throw<BusinessRuleException>().Which.Code.Should().Be(code);
        For(kind).Close(Progress.Acknowledged, () => Happened).Should().Equal(Happened);
    }

    [Theory]
    [InlineData("referral", "referral-closed")]
    [InlineData("concern", "concern-resolved")]
    public void A_closed_item_can_be_neither_acknowledged_nor_closed_again(string kind, string code)
    {
        var acknowledge = () => For(kind).Acknowledge(Progress.Closed, () => Happened);
        var close = () => For(kind).Close(Progress.Closed, () => Happened);

        acknowledge.Should().Throw<BusinessRuleException>().Which.Code.Should().Be(code);
        close.Should().Throw<BusinessRuleException>().Which.Code.Should().Be(code);
    }

    private static HandlingLifecycle For(string kind) => kind == "referral" ? HandlingLifecycle.Referral : HandlingLifecycle.Concern;
}
