using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Contact.ContactLogs;

/// <summary>
/// The Open → Acknowledged → Closed lifecycle that referrals (CO-10) and concerns (CO-9, CO-14) share: the
/// recipient acknowledges first, then records the outcome; repeating an acknowledgement decides nothing.
/// </summary>
internal sealed record HandlingLifecycle(string Kind, string ClosedWord, string NotAcknowledgedMessage)
{
    public static readonly HandlingLifecycle Referral = new("referral", "closed", "A referral is acknowledged before it is closed.");
    public static readonly HandlingLifecycle Concern = new("concern", "resolved", "A concern is acknowledged before its outcome is recorded.");

    public object[] Acknowledge(Progress progress, Func<object> acknowledged) => progress switch
    {
        Progress.Open => [acknowledged()],
        Progress.Acknowledged => [],
        _ => throw AlreadyClosed(),
    };

    public object[] Close(Progress progress, Func<object> closed) => progress switch
    {
        Progress.Acknowledged => [closed()],
        Progress.Open => throw new BusinessRuleException($"{Kind}-not-acknowledged", NotAcknowledgedMessage),
        _ => throw AlreadyClosed(),
    };

    private BusinessRuleException AlreadyClosed() => new($"{Kind}-{ClosedWord}", $"The {Kind} is already {ClosedWord}.");
}
