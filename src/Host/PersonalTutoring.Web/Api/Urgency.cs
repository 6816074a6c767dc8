namespace PersonalTutoring.Web.Api;

/// <summary>
/// The order of a tutor's worklist: what is late first, then what has a deadline, then what is due this month; within
/// a level the nearest deadline first; tutees with nothing due last, by name.
/// </summary>
public static class Urgency
{
    public static int Rank(TuteeDue t) =>
        t.RepliesAwaited.Any(r => r.Overdue) ? 0
        : t.OpenSupportFlags > 0 ? 1
        : t.RepliesAwaited.Count > 0 ? 2
        : t.WelcomeContactDue || t.AwayContactDue ? 3
        : t.ReferralFollowUpsDue.Count > 0 || t.ObjectiveReviewsDue.Count > 0 ? 4
        : t.NeedsContactThisMonth ? 5
        : t.CheckInDue ? 6
        : 7;

    public static IReadOnlyList<TuteeDue> Sort(IEnumerable<TuteeDue> tutees) =>
        [.. tutees.OrderBy(Rank)
            .ThenBy(t => t.RepliesAwaited.Count == 0 ? DateTimeOffset.MaxValue : t.RepliesAwaited.Min(r => r.DueAt))
            .ThenBy(t => t.FamilyName, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.StudentId, StringComparer.Ordinal)];

    /// <summary>What is due, in words, most urgent first.</summary>
    public static IReadOnlyList<string> Items(TuteeDue t)
    {
        var items = new List<string>();
        foreach (var reply in t.RepliesAwaited.OrderBy(r => r.DueAt))
            items.Add(reply.Overdue ? $"Reply overdue since {reply.DueAt:d MMM HH:mm}" : $"Reply due by {reply.DueAt:d MMM HH:mm}");
        if (t.OpenSupportFlags > 0) items.Add(t.OpenSupportFlags == 1 ? "1 open support flag" : $"{t.OpenSupportFlags} open support flags");
        if (t.WelcomeContactDue) items.Add("Welcome contact due");
        if (t.AwayContactDue) items.Add("Contact while away due");
        if (t.ReferralFollowUpsDue.Count > 0) items.Add($"Referral follow-up due ({t.ReferralFollowUpsDue.Count})");
        if (t.ObjectiveReviewsDue.Count > 0) items.Add($"Objective review due ({t.ObjectiveReviewsDue.Count})");
        if (t.NeedsContactThisMonth) items.Add("Contact this month");
        if (t.CheckInDue) items.Add("Check-in this semester");
        return items;
    }
}
