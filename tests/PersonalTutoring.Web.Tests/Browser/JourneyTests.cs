using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PersonalTutoring.Web.Tests.Browser;

/// <summary>
/// Each role's journey in a real browser: sign in as the demo persona, do the task, see the result; axe-core finds no
/// violation on any page visited, and the tutee's screens fit a 375 px phone.
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class JourneyTests(DemoUniversity app, Chromium chromium) : IAsyncLifetime
{
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString().TrimEnd('/') });
        page = await context.NewPageAsync();
    }

    public Task DisposeAsync() => context.CloseAsync();

    private async Task SignInAsync(string persona)
    {
        await page.GotoAsync("/");
        page.Url.Should().Contain("/sign-in", "someone not signed in is sent to sign in");
        await page.ClickAsync($"#persona-{persona}");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in"));
    }

    [Fact]
    public async Task A_tutee_on_a_phone_sees_their_tutor_and_how_to_contact_them()
    {
        await page.SetViewportSizeAsync(375, 740);
        await page.GotoAsync("/sign-in");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("sign-in");

        await SignInAsync("tutee");

        (await page.TextContentAsync("h1")).Should().Be("My personal tutor");
        (await page.Locator("a[href^='mailto:']").CountAsync()).Should().Be(1);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("tutee-my-tutor");

        await page.GotoAsync("/my-record");
        (await page.TextContentAsync("h1")).Should().Be("My record");
        (await page.Locator("#contact").CountAsync()).Should().Be(1, "the demo tutee has contacts with their tutor");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("tutee-my-record");
    }

    [Fact]
    public async Task A_tutor_works_down_their_tutees_and_opens_a_record()
    {
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("tutor");

        await Expect(page.Locator("h1")).ToHaveTextAsync("My tutees");
        var rows = page.Locator("#worklist tbody tr");
        (await rows.CountAsync()).Should().BeGreaterThan(0);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("tutor-worklist");

        var first = rows.First.Locator("th a");
        var name = await first.TextContentAsync();
        await first.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/tutees/"));

        // Enhanced navigation changes the address before it patches the page: wait for the record's heading.
        await Expect(page.Locator("h1")).ToHaveTextAsync(name!);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("tutor-tutee-record");
    }

    [Fact]
    public async Task A_senior_tutor_sees_their_school_at_a_glance()
    {
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("senior-tutor-med");

        (await page.TextContentAsync("h1")).Should().Be("School MED at a glance");
        (await page.Locator("#caseloads tbody tr").CountAsync()).Should().BeGreaterThan(20, "MED has 25 tutors, one of whom left");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("senior-tutor-school");
    }

    [Fact]
    public async Task A_senior_tutor_previews_automatic_allocation_then_applies_it()
    {
        await app.RegisterStudentsAsync("ENG", 3);
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("senior-tutor-eng");
        await page.ClickAsync("a:has-text('Allocate the unallocated automatically')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Allocate the unallocated automatically");
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.ClickAsync("main button:has-text('Preview')");
        await Expect(page.Locator("#preview")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("senior-tutor-auto-allocation-preview");
        var toAllocate = int.Parse((await page.Locator("#preview .figure-value").Nth(1).TextContentAsync())!);
        toAllocate.Should().BeGreaterThanOrEqualTo(3, "three ENG students have just registered");

        await page.ClickAsync("main button:has-text('Apply')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync($"{toAllocate} students have been allocated");
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task The_dean_picks_a_school_from_every_school()
    {
        await SignInAsync("dean");
        await page.GotoAsync("/schools");
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.ClickAsync("a[href='/schools/ENG']");
        await page.WaitForURLAsync(url => url.EndsWith("/schools/ENG"));

        await Expect(page.Locator("h1")).ToHaveTextAsync("School ENG at a glance");
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task An_auditor_corrects_a_mistake_and_replays_a_students_tutor_on_a_date()
    {
        await SignInAsync("auditor");
        (await page.TextContentAsync("h1")).Should().Be("A student's tutor on a date");
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.FillAsync("#on", "yesterday");
        await page.ClickAsync("main button[type=submit]"); // not the header's Sign out
        await page.Locator(".error-summary").WaitForAsync();
        (await page.Locator(".error-summary a").AllTextContentsAsync()).Should().HaveCount(2);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("auditor-replay-errors");

        await page.ClickAsync(".error-summary a[href$='#student']");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("student", "the summary's link takes you to the field");
        await page.FillAsync("#student", "med-0001");
        await page.FillAsync("#on", "");
        await page.ClickAsync("main button[type=submit]"); // not the header's Sign out
        await page.Locator("#tutor-on-date").WaitForAsync();

        (await page.TextContentAsync("#tutor-on-date")).Should().Contain("med-0001's tutor was ");
        (await page.Locator("#history tbody tr").CountAsync()).Should().BeGreaterThan(0);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("auditor-replay");
    }

    [Fact]
    public async Task Pages_a_role_may_not_see_say_so_accessibly_and_sign_out_ends_the_session()
    {
        await SignInAsync("tutor");
        var denied = await page.GotoAsync("/schools/MED");
        (await page.TextContentAsync("h1")).Should().Be("You cannot see this page");
        denied!.Status.Should().Be(403);
        await page.ShouldHaveNoAxeViolationsAsync();

        var notTheirs = await page.GotoAsync("/tutees/eng-0001");
        notTheirs!.Status.Should().Be(404);
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.GotoAsync("/");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ClickAsync("button:has-text('Sign out')");
        await page.WaitForURLAsync(url => url.Contains("/sign-in"));
        (await page.TextContentAsync("[role=status]")).Should().Contain("You have signed out");
        await page.GotoAsync("/tutees");
        page.Url.Should().Contain("/sign-in");
    }

    [Fact]
    public async Task A_tutee_on_a_phone_books_moves_and_cancels_a_meeting()
    {
        await page.SetViewportSizeAsync(375, 740);
        await SignInAsync("tutee");
        await page.GotoAsync("/meetings");
        await Expect(page.Locator("h1")).ToHaveTextAsync("My meetings");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("tutee-meetings");

        var first = page.Locator("#free-slots li").First;
        var when = (await first.Locator(".card-title").TextContentAsync())!;
        await first.Locator("input[name=agenda]").FillAsync("How exams work");
        await first.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Your meeting is booked");
        await Expect(page.Locator("#bookings")).ToContainTextAsync(when);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();

        await page.Locator("#bookings li", new() { HasText = when }).Locator("a:has-text('Move')").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Move your meeting");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();
        var to = page.Locator("input[name=to]").First;
        var toWhen = (await page.Locator($"label[for='{await to.GetAttributeAsync("id")}']").TextContentAsync())!.Split(" · ")[0];
        await to.CheckAsync();
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Your meeting has been moved");
        await Expect(page.Locator("#bookings")).ToContainTextAsync(toWhen);

        await page.Locator("#bookings li", new() { HasText = toWhen }).Locator("button:has-text('Cancel')").ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Your meeting has been cancelled");
        await Expect(page.Locator("#bookings li", new() { HasText = toWhen })).ToHaveCountAsync(0);
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task A_tutee_on_a_phone_asks_for_a_reference_shares_notes_and_reads_what_to_expect()
    {
        await page.SetViewportSizeAsync(375, 740);
        await SignInAsync("tutee");
        await page.GotoAsync("/references");
        await page.ClickAsync("a:has-text('Ask for a reference')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ask for a reference");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("tutee-reference-errors");

        await page.ClickAsync(".error-summary a[href$='#recipient']");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("recipient");
        await page.FillAsync("#recipient", "Journey Labs Ltd");
        await page.FillAsync("#deadline", DateTime.UtcNow.AddDays(45).ToString("yyyy-MM-dd"));
        await page.FillAsync("#purpose", "A year in industry");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Your request has been sent");
        await Expect(page.Locator("#reference-requests")).ToContainTextAsync("Journey Labs Ltd");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();

        await page.GotoAsync("/sharing");
        await page.CheckAsync("#scope-standard");
        await page.ClickAsync("main form button:has-text('Give consent')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Your consent is recorded");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.Locator("#consents button:has-text('Withdraw')").First.ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Your consent is withdrawn");

        await page.GotoAsync("/what-to-expect");
        await Expect(page.Locator("h1")).ToHaveTextAsync("What to expect from personal tutoring");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("tutee-what-to-expect");
    }

    [Fact]
    public async Task A_tutor_publishes_availability_and_records_a_contact()
    {
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("tutor");
        await page.GotoAsync("/availability");
        await Expect(page.Locator("h1")).ToHaveTextAsync("My availability");
        await page.ShouldHaveNoAxeViolationsAsync();

        var on = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(12);
        while (on.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday or DayOfWeek.Tuesday or DayOfWeek.Thursday) on = on.AddDays(1);
        await page.FillAsync("#on", on.ToString("yyyy-MM-dd"));
        await page.FillAsync("#startTime", "18:00");
        await page.FillAsync("#count", "1");
        await page.FillAsync("#onlineLink", "https://teams.example.ac.uk/l/journey");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("1 time is published");
        await Expect(page.Locator("#slots")).ToContainTextAsync("18:00");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("tutor-availability");

        await page.GotoAsync("/tutees");
        await page.Locator("#worklist tbody tr").First.Locator("th a").ClickAsync();
        await page.ClickAsync("a:has-text('Record a contact')");
        await Expect(page.Locator("h1")).ToContainTextAsync("Record a contact with");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.SelectOptionAsync("#kind", "Email");
        await page.FillAsync("#note", "Sent the reading list");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("The contact is recorded");
        await Expect(page.Locator("main")).ToContainTextAsync("Sent the reading list");
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task The_support_team_works_down_its_worklist_by_school()
    {
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("support-team");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Support Team worklist");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("support-team-worklist");

        await page.SelectOptionAsync("#school", "MED");
        await page.ClickAsync("main button:has-text('Filter')");
        await page.WaitForURLAsync(url => url.Contains("school=MED"));
        await Expect(page.Locator("#worklist tbody tr").First).ToContainTextAsync("MED");
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task An_auditor_reads_the_confidential_note_read_log()
    {
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("auditor");
        await page.ClickAsync("nav a:has-text('Confidential-note reads')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Who read confidential notes");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.FillAsync("#from", "31/01/2026");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.FillAsync("#from", "");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("#reads-heading")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task A_governance_officer_sets_a_date_sees_a_trend_chart_and_opens_a_schools_report()
    {
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("governance");
        await Expect(page.Locator("h1")).ToHaveTextAsync("University KPIs");
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.FillAsync("#asOf", "next week");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();

        var asOf = DateOnly.FromDateTime(DateTime.UtcNow);
        await page.FillAsync("#asOf", asOf.ToString("yyyy-MM-dd"));
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("#figures-date")).ToContainTextAsync(asOf.ToString("d MMMM yyyy"), new() { Timeout = 30_000 });
        var chart = page.Locator("#trend-tutors svg[role=img]");
        await Expect(chart).ToBeVisibleAsync();
        (await page.Locator("#trend-tutors .trend-title").TextContentAsync()).Should().Be("Number of Personal Tutors");
        (await page.Locator("#trend-tutors .trend-change").TextContentAsync()).Should().NotBeNullOrWhiteSpace("the change is said in words beside the chart");
        (await page.Locator("#kpis tbody tr").CountAsync()).Should().Be(11);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.Locator("#kpis-heading").EvaluateAsync("h => h.scrollIntoView()");
        await page.ScreenshotAsync("governance-kpis");
        await page.Locator("#trends-heading").EvaluateAsync("h => h.scrollIntoView()");
        await page.ScreenshotAsync("governance-kpi-trends");

        await page.ClickAsync("nav a:has-text('Year-end reports')");
        // The overview counts every school's KPIs live: slower than a list on a shared machine.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Year-end reports of every school", new() { Timeout = 30_000 });
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("governance-year-end-reports");

        await page.ClickAsync("#reporting a[href='/schools/MED/year-end-reports?academicYear=" + Year(DateOnly.FromDateTime(DateTime.UtcNow)) + "']");
        await Expect(page.Locator("h1")).ToContainTextAsync("School MED year-end reports", new() { Timeout = 30_000 });
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.FillAsync("#academicYear", "2024-25");
        await page.ClickAsync("main button[type=submit]");
        await page.ClickAsync("#reports a[href$='/2024-25/all']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("School MED year-end report 2024-25 (whole school)", new() { Timeout = 30_000 });
        await Expect(page.Locator("#report-stage")).ToHaveTextAsync("Submitted to the College and the Dean");
        (await page.Locator("a[href$='/print']").CountAsync()).Should().Be(1);
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task A_senior_tutor_writes_the_year_end_report_and_records_its_first_approval()
    {
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("senior-tutor-med");
        await page.ClickAsync("#school-reporting a:has-text('year-end report')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("School MED year-end reports");
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.ClickAsync("#reports tr[data-cohort='Foundation'] a");
        await Expect(page.Locator("h1")).ToContainTextAsync("write the draft");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.FillAsync("#challenges", "Fewer check-ins in the spring.");
        await page.FillAsync("#trends", "Contact is rising.");
        await page.ClickAsync("main button:has-text('Save the draft')");
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Write the year's successes");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ClickAsync(".error-summary a");
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("successes", "the summary's link takes focus to the field");
        await page.FillAsync("#successes", "Every Foundation student met their tutor in Welcome Week.");
        await page.ClickAsync("main button:has-text('Save the draft')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("The draft is saved");
        await Expect(page.Locator("#report-stage")).ToHaveTextAsync("Draft");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("senior-tutor-year-end-report");

        await page.FillAsync("#on", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5).ToString("yyyy-MM-dd"));
        await page.FillAsync("#minuteReference", "SEC 12 item 2");
        await page.ClickAsync("main button:has-text('Record the step')");
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("once it has happened");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.FillAsync("#on", DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"));
        await page.ClickAsync("main button:has-text('Record the step')");
        await Expect(page.Locator("#report-stage")).ToHaveTextAsync("Approved by the School Education Committee");
        await Expect(page.Locator("#cycle")).ToContainTextAsync("SEC 12 item 2");
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task A_tutor_drafts_and_issues_a_reference_and_opens_attendance()
    {
        var request = (await (await app.ApiAs("tutee").PostAsJsonAsync("/api/students/med-0001/reference-requests", new
        {
            kind = "Placement", recipient = "A hospital trust", deadline = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"), purpose = "A summer placement",
            consent = new { health = false, personalCircumstances = false },
        })).ShouldBe(HttpStatusCode.Created)).GetProperty("requestId").GetString()!;
        (await app.ApiAs("tutor").PostAsync($"/api/reference-requests/{request}/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await page.SetViewportSizeAsync(1280, 900);
        await SignInAsync("tutor");

        await page.ClickAsync("nav a:has-text('References to write')");
        await page.ClickAsync($"a[href='/references-to-write/{request}']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Reference for med-0001");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.FillAsync("#text", "Conscientious and kind with patients.");
        await page.ClickAsync("main button:has-text('Save the draft')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("The draft is saved");
        await page.ClickAsync("main button:has-text('Issue the reference')");
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Attest that the reference is true");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.FillAsync("#knownFrom", "2025-09-22");
        await page.CheckAsync("#isTrue");
        await page.CheckAsync("#isAccurate");
        await page.CheckAsync("#isNotUnfairOverall");
        await page.ScreenshotAsync("tutor-write-reference");
        await page.ClickAsync("main button:has-text('Issue the reference')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("The reference is issued");
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.ClickAsync("nav a:has-text('Take attendance')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Take attendance");
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    private static string Year(DateOnly d) => d.Month >= 8 ? $"{d.Year}-{(d.Year + 1) % 100:D2}" : $"{d.Year - 1}-{d.Year % 100:D2}";
}
