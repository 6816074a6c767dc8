using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PersonalTutoring.Web.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright (Playwright cannot download its own browser here; .ci/run installs the
/// package). <c>TUTORING_CHROMIUM</c> names another executable.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static string Executable => Environment.GetEnvironmentVariable("TUTORING_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
    }
}

public static class PageChecks
{
    /// <summary>
    /// axe-core's WCAG 2.x A and AA rules (and its best practices) find nothing on the page. axe runs in the page itself
    /// ("legacy" mode): the default mode finishes every run on a new blank page with axe injected a second time, which
    /// guards results against scripts of other origins in frames. Our pages have no frames and no third-party script, the
    /// rules and results are the same, and a check takes 0.3–0.5 s instead of 1.7–2.7 s (73 checks in the journeys).
    /// Only violations are collected in full, the one result type the check reads.
    /// </summary>
    public static async Task ShouldHaveNoAxeViolationsAsync(this IPage page)
    {
#pragma warning disable CS0618 // RunAxeLegacy is marked for removal some day; the default mode is a one-line change back.
        var result = await page.RunAxeLegacy(options: new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
            ResultTypes = [ResultType.Violations],
        });
#pragma warning restore CS0618
        result.Violations.Should().BeEmpty(string.Join("\n", result.Violations.Select(v =>
            $"{page.Url}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}")));
    }

    /// <summary>Nothing scrolls sideways at the page's width (375 px for the phone checks).</summary>
    public static async Task ShouldNotScrollSidewaysAsync(this IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.Should().BeLessThanOrEqualTo(0, $"{page.Url} scrolls sideways by {overflow} px");
    }

    /// <summary>With <c>TUTORING_SCREENSHOTS</c> set to a folder (e.g. docs/screenshots), keeps a picture of the page for README.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("TUTORING_SCREENSHOTS");
        if (string.IsNullOrWhiteSpace(folder)) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }
}
