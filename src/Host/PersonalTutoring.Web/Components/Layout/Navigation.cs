using System.Security.Claims;
using PersonalTutoring.BuildingBlocks.Auth;

namespace PersonalTutoring.Web.Components.Layout;

public sealed record NavigationLink(string Href, string Text);

/// <summary>The screens a user's roles lead to; the pages' policies and the API decide what they may actually see.</summary>
public static class Navigation
{
    public static IReadOnlyList<NavigationLink> For(ClaimsPrincipal user)
    {
        var me = CurrentUser.From(user);
        var links = new List<NavigationLink> { new("/", "Home") };
        if (me.IsIn(Roles.Student))
        {
            links.Add(new("/my-tutor", "My tutor"));
            links.Add(new("/meetings", "My meetings"));
            links.Add(new("/references", "References"));
            links.Add(new("/change-of-tutor", "Change of tutor"));
            links.Add(new("/sharing", "Sharing notes"));
            links.Add(new("/my-record", "My record"));
            links.Add(new("/what-to-expect", "What to expect"));
        }
        if (me.IsIn(Roles.Tutor, Roles.SeniorTutor))
        {
            links.Add(new("/tutees", "My tutees"));
            links.Add(new("/availability", "My availability"));
            links.Add(new("/attendance", "Take attendance"));
            links.Add(new("/arranged-meetings", "Arranged meetings"));
            links.Add(new("/references-to-write", "References to write"));
        }
        foreach (var school in me.IsIn(Roles.SeniorTutor) ? me.Schools.Order().ToList() : [])
            links.Add(new($"/schools/{school}", $"School {school}"));
        if (me.IsIn(Roles.Dean, Roles.Admin, Roles.SupportTeam, Roles.Auditor)) links.Add(new("/schools", "Schools"));
        if (me.IsIn(Roles.SupportTeam)) links.Add(new("/support-team", "Worklist"));
        if (me.IsIn(Roles.Auditor, Roles.Admin, Roles.Dean, Roles.SeniorTutor)) links.Add(new("/replay", "Tutor on a date"));
        if (me.IsIn(Roles.Auditor, Roles.Dean)) links.Add(new("/note-reads", "Confidential-note reads"));
        if (me.IsIn(Roles.Admin, Roles.Dean, Roles.Governance, Roles.Auditor))
        {
            links.Add(new("/kpis", "KPIs"));
            links.Add(new("/year-end-reports", "Year-end reports"));
        }
        // The Admin's screens, data protection and the history's verification (docs/adr/0082).
        if (me.IsIn(Roles.Admin)) links.Add(new("/admin/schools", "Manage schools"));
        if (me.IsIn(Roles.Admin, Roles.Dean, Roles.SeniorTutor)) links.Add(new("/admin/policies", "Policies"));
        if (me.IsIn(Roles.Admin, Roles.Dean)) links.Add(new("/admin/calendars", "Calendars"));
        if (me.IsIn(Roles.Admin, Roles.Auditor)) links.Add(new("/admin/notifications", "Notifications"));
        if (me.IsIn(Roles.Admin)) links.Add(new("/admin/dead-letters", "Dead letters"));
        if (me.IsIn(Roles.Admin, Roles.Dean, Roles.Auditor))
        {
            links.Add(new("/data-protection", "Data protection"));
            links.Add(new("/data-protection/erasure-requests", "Erasure requests"));
        }
        if (me.IsIn(Roles.Auditor, Roles.Admin)) links.Add(new("/audit/event-chain", "Verify history"));
        return links;
    }
}
