using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wolverine;
using Wolverine.Persistence.Durability;
using static Microsoft.Playwright.Assertions;

namespace PersonalTutoring.Web.Tests.Browser;

/// <summary>
/// The Admin's, Support Team's, data-protection and audit journeys in Chromium (docs/adr/0082, 0083): sign in, do the
/// task, see the result; axe-core finds no violation on any page visited.
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class AdminJourneyTests(DemoUniversity app, Chromium chromium) : IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
    }

    /// <summary>A browser of its own, signed in as the persona (two people in one journey each have one).</summary>
    private async Task<IPage> SignedInAsync(string persona)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.ClickAsync($"#persona-{persona}");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in"));
        return page;
    }

    [Fact]
    public async Task The_admin_registers_a_school_then_drafts_a_policy_and_records_its_committee_approval()
    {
        var page = await SignedInAsync("admin");
        await page.ClickAsync("nav a:has-text('Manage schools')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Manage schools");
        await page.ShouldHaveNoAxeViolationsAsync();

        var code = "J" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        await page.FillAsync("#schoolCode", code);
        await page.FillAsync("#name", "School of Journeys");
        await page.ClickAsync("main button:has-text('Register the school')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync($"School {code} is saved");
        await Expect(page.Locator($"#schools th:has-text('{code}')")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("admin-schools");

        await page.GotoAsync($"/admin/policies?school={code}&year=2030-31");
        await Expect(page.Locator("#no-policy")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.FillAsync("#caseloadTarget", "11");
        await page.ClickAsync("main button:has-text('Save the draft')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("The draft is saved");
        await Expect(page.Locator("#versions tbody tr")).ToContainTextAsync("Draft");

        await page.FillAsync("#reference", "SEC minute 4.2");
        await page.ClickAsync("main button:has-text('Record: approved by the School Education Committee')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("approved by the School Education Committee");
        await Expect(page.Locator("#versions tbody tr")).ToContainTextAsync("Committee approved");
        await Expect(page.Locator("#versions tbody tr")).ToContainTextAsync("SEC minute 4.2");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("admin-policies");
    }

    [Fact]
    public async Task The_admin_looks_after_calendars_dead_letters_and_notifications()
    {
        var store = app.Services.GetRequiredService<IMessageStore>();
        await store.Inbox.MoveToDeadLetterStorageAsync(
            new Envelope { Id = Guid.NewGuid(), MessageType = "web-tests.journey", Data = [1], ContentType = "application/json", SentAt = DateTimeOffset.UtcNow, Destination = new Uri("local://web-tests") },
            new InvalidOperationException("The mail server refused the message"));
        var page = await SignedInAsync("admin");

        await page.ClickAsync("nav a:has-text('Calendars')");
        await Expect(page.Locator("#calendar")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("admin-calendars");

        await page.ClickAsync("nav a:has-text('Dead letters')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dead letters");
        await page.SelectOptionAsync("#type", "web-tests.journey");
        await page.ClickAsync("main button:has-text('Filter')");
        await page.WaitForURLAsync(url => url.Contains("type=web-tests.journey"));
        await Expect(page.Locator("#message-dead-letters tbody tr")).ToHaveCountAsync(1);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("admin-dead-letters");
        await page.CheckAsync("#message-dead-letters input[type=checkbox]");
        await page.ClickAsync("main button:has-text('Discard the chosen messages')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("The messages are discarded");
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.ClickAsync("nav a:has-text('Notifications')");
        await Expect(page.Locator("#notifications")).ToBeVisibleAsync();
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("admin-notifications");
    }

    [Fact]
    public async Task The_admin_requests_erasure_the_dean_approves_and_a_legal_hold_refuses_another()
    {
        var students = await app.RegisterStudentsAsync("ENG", 2);
        var admin = await SignedInAsync("admin");
        await admin.ClickAsync("nav a:has-text('Data protection')");
        await admin.FillAsync("#student", students[0]);
        await admin.ClickAsync("main button:has-text('Show')");
        await Expect(admin.Locator("h1")).ToHaveTextAsync($"Data protection of {students[0]}");
        await admin.ShouldHaveNoAxeViolationsAsync();

        await admin.ClickAsync("main button:has-text('Request erasure')"); // nothing chosen: the summary links to the fields
        await admin.Locator(".error-summary").WaitForAsync();
        await admin.ShouldHaveNoAxeViolationsAsync();
        await admin.CheckAsync("#ground-ConsentWithdrawn");
        await admin.FillAsync("#detail", "The student withdrew consent by email on 30 November");
        await admin.ClickAsync("main button:has-text('Request erasure')");
        await Expect(admin.Locator("[role=status]")).ToContainTextAsync("Nothing is erased until the Dean approves it");
        await Expect(admin.Locator("#erasure-requests")).ToContainTextAsync("Awaiting the Dean");
        await admin.ScreenshotAsync("data-protection-request");

        var dean = await SignedInAsync("dean");
        await dean.GotoAsync($"/data-protection?student={students[0]}");
        await dean.ShouldHaveNoAxeViolationsAsync();
        await dean.ClickAsync("main button:has-text('Approve and erase')");
        await Expect(dean.Locator("[role=status]")).ToContainTextAsync("their personal data is erased");
        await Expect(dean.Locator("#state")).ToContainTextAsync("Erased on");

        await dean.GotoAsync($"/data-protection?student={students[1]}");
        await dean.SelectOptionAsync("#kind", "FitnessToPractise");
        await dean.FillAsync("#reason", "A fitness-to-practise panel sits in January");
        await dean.ClickAsync("main button:has-text('Place the hold')");
        await Expect(dean.Locator("#holds-in-force")).ToContainTextAsync("A fitness-to-practise panel sits in January");

        await admin.GotoAsync($"/data-protection?student={students[1]}");
        await admin.CheckAsync("#ground-ObjectionUpheld");
        await admin.FillAsync("#detail", "Asked at the registry desk");
        await admin.ClickAsync("main button:has-text('Request erasure')");
        await Expect(admin.Locator(".error-summary")).ToContainTextAsync("under a legal hold");
        await Expect(admin.Locator(".error-summary")).ToContainTextAsync("A fitness-to-practise panel sits in January");
        await admin.ShouldHaveNoAxeViolationsAsync();
        await admin.ScreenshotAsync("data-protection-legal-hold-refusal");
    }

    [Fact]
    public async Task The_auditor_verifies_the_history_and_finds_it_intact()
    {
        var page = await SignedInAsync("auditor");
        await page.ClickAsync("nav a:has-text('Verify history')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Verify the history");
        await page.ShouldHaveNoAxeViolationsAsync();

        await page.ClickAsync("main button:has-text('Verify')");
        await Expect(page.Locator("#chain-state")).ToHaveTextAsync("Intact", new() { Timeout = 60_000 });
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("auditor-event-chain");
    }

    [Fact]
    public async Task The_support_team_opens_a_students_case_and_closes_a_flag()
    {
        var page = await SignedInAsync("support-team");
        await page.ShouldHaveNoAxeViolationsAsync(); // the worklist, with its room decisions
        var flagged = page.Locator("#worklist tbody tr:has-text('no reply') th a").First;
        var student = await flagged.TextContentAsync();
        await flagged.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"{student}: what is open for the Support Team");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("support-team-case");

        var close = page.Locator("#flags form:has(button:has-text('Close the case'))").First;
        await close.Locator("textarea").FillAsync("Reached by phone; the student is back in touch with their tutor");
        await close.Locator("button").ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Closed with its outcome");
        await page.ShouldHaveNoAxeViolationsAsync();
    }
}
