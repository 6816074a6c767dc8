using Microsoft.Playwright;
using PersonalTutoring.Web.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace PersonalTutoring.Web.Tests.Browser;

/// <summary>
/// Two weekly tasks in Chromium: the tutor records attendance at a meeting they arranged, and the Dean works through the
/// erasure requests awaiting decision. Sign in, do the task, see the result; axe-core finds no violation on any page visited.
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class DecisionJourneyTests(DemoUniversity app, Chromium chromium) : IAsyncLifetime
{
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        page = await context.NewPageAsync();
    }

    public Task DisposeAsync() => context.CloseAsync();

    private async Task SignInAsync(string persona)
    {
        await page.GotoAsync("/sign-in");
        await page.ClickAsync($"#persona-{persona}");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in"));
    }

    [Fact]
    public async Task The_tutor_records_attendance_at_a_meeting_they_arranged()
    {
        var (meetingId, invitees) = await ArrangedMeetingsPageTests.StartedMeetingAsync(app, fromEnd: 8, count: 2);
        var key = $"{meetingId:N}";
        await SignInAsync("tutor");

        await page.ClickAsync("nav a:has-text('Arranged meetings')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Arranged meetings");
        var meeting = page.Locator($"#meeting-{key}");
        await Expect(meeting).ToContainTextAsync(invitees[0]);
        await Expect(page.Locator($"#row-{key}")).ToContainTextAsync("Waiting for attendance");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("tutor-arranged-meetings");

        await page.CheckAsync($"#attendance-{key}-0-Attended");
        await meeting.Locator("button:has-text('Record attendance')").ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync($"Choose how the meeting went for");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ClickAsync($".error-summary a[href$='#attendance-{key}-1']");

        await page.CheckAsync($"#attendance-{key}-0-Attended");
        await page.FillAsync($"#note-{key}-0", "Went through the first assessment's feedback.");
        await page.CheckAsync($"#attendance-{key}-1-NoShow");
        await page.Locator($"#meeting-{key} button:has-text('Record attendance')").ClickAsync();

        await Expect(page.Locator("[role=status]")).ToContainTextAsync("Attendance is recorded");
        await Expect(page.Locator($"#meeting-{key}")).ToHaveCountAsync(0);
        await Expect(page.Locator($"#row-{key}")).ToContainTextAsync("Attendance recorded");
        await Expect(page.Locator($"#row-{key}")).ToContainTextAsync("Did not come (no-show)");
        await page.ShouldHaveNoAxeViolationsAsync();
    }

    [Fact]
    public async Task The_dean_opens_a_request_awaiting_decision_approves_it_and_it_leaves_the_list()
    {
        var (student, requestId) = await ErasureRequestsPageTests.AwaitingRequestAsync(app, "ENG");
        await SignInAsync("dean");

        await page.ClickAsync("nav a:has-text('Erasure requests')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Erasure requests awaiting decision");
        await page.FillAsync("#school", "ENG");
        await page.ClickAsync("main button:has-text('Show')");
        var row = page.Locator($"#request-{requestId:N}");
        await Expect(row).ToContainTextAsync(student);
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ScreenshotAsync("dean-erasure-requests");

        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Data protection of {student}");
        await page.ShouldHaveNoAxeViolationsAsync();
        await page.ClickAsync("main button:has-text('Approve and erase')");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("The request is approved");

        await page.ClickAsync("#to-awaiting");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Erasure requests awaiting decision");
        await page.GotoAsync("/data-protection/erasure-requests?school=ENG");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Erasure requests awaiting decision");
        await Expect(page.Locator($"#request-{requestId:N}")).ToHaveCountAsync(0);
        await page.ShouldHaveNoAxeViolationsAsync();
    }
}
