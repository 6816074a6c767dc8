namespace PersonalTutoring.Web.Tests.Browser;

/// <summary>The journeys' accessibility check can fail: axe, run in the page, reports what a page gets wrong.</summary>
[Collection(DemoUniversityCollection.Name)]
public sealed class AxeCheckTests(Chromium chromium)
{
    [Fact]
    public async Task The_axe_check_fails_on_a_page_with_an_image_without_a_text_alternative_and_passes_once_it_has_one()
    {
        var page = await chromium.Browser.NewPageAsync();
        try
        {
            const string Page = "<!doctype html><html lang=\"en\"><head><title>Check</title></head><body><main><h1>Check</h1>{0}</main></body></html>";
            await page.SetContentAsync(string.Format(Page, "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"));
            var check = () => page.ShouldHaveNoAxeViolationsAsync();
            (await check.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("image-alt");

            await page.SetContentAsync(string.Format(Page, "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" alt=\"A dot\">"));
            await check.Should().NotThrowAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
