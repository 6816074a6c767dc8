using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PersonalTutoring.Web.Tests.Pages;

/// <summary>
/// The Governance and Dean screens (issue 15): the KPI dashboard as of a date with its trends, every school's year-end
/// report and where it stands, the report's downloads; each shows what the API answers the same person.
/// </summary>
[Collection(DemoUniversityCollection.Name)]
public sealed partial class GovernancePageTests(DemoUniversity app)
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");

    [Fact]
    public async Task The_university_kpis_are_the_apis_as_of_the_date_asked_with_every_figure_checkable()
    {
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-20).ToString("yyyy-MM-dd");
        var api = (await app.ApiAs("governance").GetFromJsonAsync<JsonElement>($"/api/university/kpis?asOf={asOf}")).GetProperty("university");

        var page = WebUtility.HtmlDecode(await (await app.SignedInAs("governance")).GetStringAsync($"/kpis?asOf={asOf}"));

        var kpis = api.GetProperty("kpis").EnumerateArray().ToList();
        kpis.Should().HaveCount(11);
        foreach (var k in kpis)
        {
            var row = KpiRow(page, "kpis", k.GetProperty("id").GetString()!);
            row.Should().Contain(k.GetProperty("title").GetString()).And.Contain(k.GetProperty("definition").GetString());
            if (k.GetProperty("numerator").ValueKind == JsonValueKind.Number) row.Should().Contain($">{k.GetProperty("numerator").GetInt32()}</td>");
            if (k.GetProperty("denominator").ValueKind == JsonValueKind.Number) row.Should().Contain($">{k.GetProperty("denominator").GetInt32()}</td>");
        }
        page.Should().Contain($"as of <strong>{DateOnly.ParseExact(asOf, "yyyy-MM-dd"):d MMMM yyyy}</strong>");
        TrendCharts().Matches(page).Count.Should().Be(11, "one chart per KPI, each an image with a title and a description");
        page.Should().Contain("href=\"/downloads/university/kpis.json?asOf=" + asOf + "\"");
        page.Should().Contain("href=\"/schools/MED/kpis?asOf=" + asOf + "\"", "each school's row leads to its own dashboard");
    }

    [Fact]
    public async Task A_school_dashboard_shows_one_cohort_levels_figures_and_trends_in_words()
    {
        var api = await app.ApiAs("dean").GetFromJsonAsync<JsonElement>("/api/schools/MED/kpis");
        var trends = await app.ApiAs("dean").GetFromJsonAsync<JsonElement>("/api/schools/MED/kpis/trends");
        var ug = api.GetProperty("cohorts").EnumerateArray().Single(c => c.GetProperty("level").GetString() == "UG");

        var dean = await app.SignedInAs("dean");
        var page = WebUtility.HtmlDecode(await dean.GetStringAsync("/schools/MED/kpis?cohort=UG"));
        var whole = WebUtility.HtmlDecode(await dean.GetStringAsync("/schools/MED/kpis"));

        page.Should().Contain("Key performance indicators, UG students");
        var tutors = ug.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("id").GetString() == "tutors");
        KpiRow(page, "kpis", "tutors").Should().Contain($">{tutors.GetProperty("numerator").GetInt32()}</td>");
        var years = trends.GetProperty("years").GetArrayLength();
        years.Should().BeGreaterThan(1, "the reporting demo has earlier years (its surveys are the school's, not a cohort level's)");
        var change = trends.GetProperty("kpis").EnumerateArray().First(t => t.GetProperty("direction").ValueKind == JsonValueKind.String);
        var word = change.GetProperty("direction").GetString() switch { "up" => "Up ", "down" => "Down ", _ => "The same in " };
        Regex.Match(whole, $"id=\"trend-{change.GetProperty("id").GetString()}\".*?<figcaption><span class=\"trend-title\">{Regex.Escape(change.GetProperty("title").GetString()!)}</span> <span class=\"hint trend-change\">([^<]+)</span>", RegexOptions.Singleline)
            .Groups[1].Value.Should().StartWith(word, "the change and its direction are in the text, not only in the chart");
    }

    [Theory]
    [InlineData("tomorrow", "The date cannot be in the future")]
    [InlineData("yesterday", "Enter the date as year-month-day")]
    public async Task A_date_the_figures_cannot_have_is_the_forms_mistake(string asOf, string message)
    {
        if (asOf == "tomorrow") asOf = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2).ToString("yyyy-MM-dd");
        var response = await (await app.SignedInAs("governance")).GetAsync($"/kpis?asOf={asOf}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("There is a problem").And.Contain(message).And.Contain($"#asOf\"");
    }

    [Fact]
    public async Task Every_schools_report_and_where_it_stands_with_the_late_ones_flagged()
    {
        var api = await app.ApiAs("dean").GetFromJsonAsync<JsonElement>("/api/year-end-reports?academicYear=2024-25");

        var page = WebUtility.HtmlDecode(await (await app.SignedInAs("dean")).GetStringAsync("/year-end-reports?academicYear=2024-25"));

        foreach (var school in api.GetProperty("schools").EnumerateArray())
        {
            var code = school.GetProperty("schoolCode").GetString()!;
            var row = Regex.Match(page, $"<tr data-school=\"{code}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
            row.Should().NotBeEmpty();
            row.Contains("class=\"late\"").Should().Be(school.GetProperty("late").GetBoolean(), $"{code} is flagged late exactly when the API says so");
            foreach (var report in school.GetProperty("reports").EnumerateArray())
                row.Should().Contain($"/schools/{code}/year-end-reports/2024-25/{report.GetProperty("cohort").GetString()}");
        }
        page.Should().Contain("Submitted to the College and the Dean", "MED's 2024-25 report was submitted (reporting demo)");
    }

    [Fact]
    public async Task The_dean_reads_a_report_its_cycle_and_whether_live_figures_differ()
    {
        var api = await app.ApiAs("dean").GetFromJsonAsync<JsonElement>("/api/schools/ENG/year-end-reports/2023-24/all");

        var page = WebUtility.HtmlDecode(await (await app.SignedInAs("dean")).GetStringAsync("/schools/ENG/year-end-reports/2023-24/all"));

        page.Should().Contain("Discussed at the College Education Committee in June").And.Contain("CEC 2024/06 item 7");
        page.Should().Contain(api.GetProperty("report").GetProperty("content").GetProperty("successes").GetString());
        if (api.GetProperty("liveDifferences").GetArrayLength() == 0) page.Should().Contain("are the frozen ones");
        else page.Should().Contain("the report keeps its frozen value");
        page.Should().Contain("Record the next step", "the Dean records the sharing with the sub-committee")
            .And.NotContain("Edit the draft").And.NotContain("Start a new version");
    }

    [Fact]
    public async Task The_reports_downloads_are_the_apis_own_files()
    {
        var dean = await app.SignedInAs("dean");
        var route = "/schools/MED/year-end-reports/2024-25/all";

        var csv = await dean.GetAsync($"/downloads{route}/figures.csv");
        var print = await dean.GetAsync($"/downloads{route}/print");
        var json = await dean.GetAsync($"/downloads{route}/report.json");

        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        csv.Content.Headers.ContentDisposition!.FileName.Should().Contain("tutoring-report-MED-2024-25-all");
        (await csv.Content.ReadAsStringAsync()).Should().Be(await app.ApiAs("dean").GetStringAsync($"/api{route}/figures.csv"));
        print.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await print.Content.ReadAsStringAsync()).Should().Contain("<svg");
        json.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("schoolCode").GetString().Should().Be("MED");
        var page = await dean.GetStringAsync(route);
        page.Should().Contain($"href=\"/downloads{route}/figures.csv\"").And.Contain($"href=\"/downloads{route}/print\"").And.Contain($"href=\"/downloads{route}/report.json\"");
    }

    [Fact]
    public async Task The_student_route_contacts_download_is_the_apis_csv()
    {
        var st = await app.SignedInAs("senior-tutor-med");
        var school = WebUtility.HtmlDecode(await st.GetStringAsync("/schools/MED"));
        var link = System.Text.RegularExpressions.Regex.Match(school, "href=\"(/downloads/reports/student-route-contacts\\.csv\\?[^\"]+)\"").Groups[1].Value;
        link.Should().Contain("schoolCode=MED");
        var api = app.ApiAs("senior-tutor-med");
        api.DefaultRequestHeaders.Accept.ParseAdd("text/csv");

        var csv = await st.GetAsync(link);

        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        csv.Content.Headers.ContentDisposition!.FileName.Should().Contain("student-route-contacts-MED");
        (await csv.Content.ReadAsStringAsync()).Should().Be(await api.GetStringAsync("/api/reports/student-route-contacts" + link[link.IndexOf('?')..]));
        var eng = await (await app.SignedInAs("senior-tutor-eng")).GetAsync(link);
        eng.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the API refuses another school's Senior Tutor, and so does the download");
    }

    [Fact]
    public async Task A_senior_tutor_writes_the_draft_records_steps_and_starts_a_new_version()
    {
        var year = DateOnly.FromDateTime(DateTime.UtcNow) is var d && d.Month >= 8 ? $"{d.Year}-{(d.Year + 1) % 100:D2}" : $"{d.Year - 1}-{d.Year % 100:D2}";
        var page = $"/schools/ENG/year-end-reports/{year}/PGT";
        var st = await app.SignedInAs("senior-tutor-eng");
        (await st.GetStringAsync(page)).Should().Contain("write the draft");

        var empty = await DemoUniversity.SubmitAsync(st, page, "draft", new Dictionary<string, string> { ["snapshotOn"] = Today, ["successes"] = "", ["challenges"] = "c", ["trends"] = "t" });
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).Should().Contain("Write the year&#x27;s successes").And.Contain($"{page}#successes\"");

        var written = await DemoUniversity.SubmitAsync(st, page, "draft",
            new Dictionary<string, string> { ["snapshotOn"] = Today, ["successes"] = "Every PGT tutee met their tutor.", ["challenges"] = "Dissertation term.", ["trends"] = "Steady." });
        written.Headers.Location!.ToString().Should().EndWith($"{page}?done=written");
        var report = await app.ApiAs("senior-tutor-eng").GetFromJsonAsync<JsonElement>($"/api{page}");
        report.GetProperty("report").GetProperty("stage").GetString().Should().Be("Draft");
        report.GetProperty("report").GetProperty("content").GetProperty("successes").GetString().Should().Be("Every PGT tutee met their tutor.");

        var noMinutes = await DemoUniversity.SubmitAsync(st, page, "step", new Dictionary<string, string> { ["step"] = "SchoolEducationCommitteeApproved", ["on"] = Today, ["minuteReference"] = "" });
        noMinutes.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var future = await DemoUniversity.SubmitAsync(st, page, "step",
            new Dictionary<string, string> { ["step"] = "SchoolEducationCommitteeApproved", ["on"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd"), ["minuteReference"] = "SEC 1" });
        future.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "the API refuses a step that has not happened yet");
        (await future.Content.ReadAsStringAsync()).Should().Contain("class=\"error-summary\"").And.Contain("record a step once it has happened");

        var step = await DemoUniversity.SubmitAsync(st, page, "step", new Dictionary<string, string> { ["step"] = "SchoolEducationCommitteeApproved", ["on"] = Today, ["minuteReference"] = "SEC 7 item 3" });
        step.Headers.Location!.ToString().Should().EndWith("?done=step");
        var approved = WebUtility.HtmlDecode(await st.GetStringAsync(page));
        approved.Should().Contain("Approved by the School Education Committee").And.Contain("SEC 7 item 3").And.NotContain("Edit the draft").And.Contain("Start a new version");

        var revised = await DemoUniversity.SubmitAsync(st, page, "version", new Dictionary<string, string> { ["reason"] = "A late survey result" });
        revised.Headers.Location!.ToString().Should().EndWith("?done=version");
        var v2 = await app.ApiAs("senior-tutor-eng").GetFromJsonAsync<JsonElement>($"/api{page}");
        v2.GetProperty("report").GetProperty("reportVersion").GetInt32().Should().Be(2);
        v2.GetProperty("report").GetProperty("stage").GetString().Should().Be("Draft");
        (await st.GetStringAsync(page)).Should().Contain("A late survey result");
    }

    [Fact]
    public async Task The_dean_may_not_write_a_schools_draft()
    {
        var dean = await app.SignedInAs("dean");

        var response = await dean.GetAsync("/schools/ENG/year-end-reports/2024-25/Distance");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "no report, and the Dean writes none: the API's 404");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("Save the draft");
    }

    private static string KpiRow(string page, string table, string id)
    {
        var tableHtml = Regex.Match(page, $"<table[^>]*id=\"{table}\".*?</table>", RegexOptions.Singleline).Value;
        return Regex.Match(tableHtml, $"<tr data-kpi=\"{id}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
    }

    [GeneratedRegex("<svg role=\"img\" aria-labelledby=\"trend-[a-z0-9-]+-title trend-[a-z0-9-]+-desc\"")]
    private static partial Regex TrendCharts();
}
