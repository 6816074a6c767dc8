using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact;
using PersonalTutoring.Governance;
using PersonalTutoring.Meetings;
using PersonalTutoring.References;
using PersonalTutoring.Web.SignIn;

namespace PersonalTutoring.Web.Tests;

/// <summary>
/// The real host on Kestrel (a port of its own, for the browser) over the demo university that <c>seed-demo</c> writes,
/// so the personas sign in as the seed's own people. One for the whole test assembly: seeding takes a while.
/// </summary>
public sealed partial class DemoUniversity : TutoringApiFactory
{
    public DemoUniversity() => UseKestrel(0);

    public Uri Address { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var warm = CreateClient(); // starts the server
        Address = warm.BaseAddress!;
        var ct = CancellationToken.None;
        await Services.SeedGovernanceDemoAsync(ct);
        await Services.SeedGovernanceDevelopmentDemoAsync(ct);
        await CatchUpAsync();
        await Services.SeedAllocationDemoAsync(ct);
        await CatchUpAsync();
        await Services.SeedContactDemoAsync(ct);
        await Services.SeedMeetingsDemoAsync(ct);
        await CatchUpAsync();
        await Services.SeedReferencesDemoAsync(ct);
        await CatchUpAsync();
        await Services.SeedGovernanceReportingDemoAsync(ct);
        await CatchUpAsync();
    }

    /// <summary>A browser-like client with a cookie jar that follows no redirects, signed in as nobody yet.</summary>
    public HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = Address };

    /// <summary>Signs in through the sign-in page's form, anti-forgery token and all, as a demo persona.</summary>
    public async Task<HttpClient> SignedInAs(string persona)
    {
        var client = Browser();
        var response = await client.PostAsync("/sign-in/persona", await PersonaFormAsync(client, persona));
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().Should().Be(Personas.Find(persona)!.Home);
        return client;
    }

    public static async Task<FormUrlEncodedContent> PersonaFormAsync(HttpClient client, string persona)
    {
        var page = await client.GetStringAsync("/sign-in");
        return new FormUrlEncodedContent(new Dictionary<string, string> { ["persona"] = persona, ["__RequestVerificationToken"] = Token(page) });
    }

    /// <summary>
    /// Sends one of a page's forms as a browser would: the page's anti-forgery token and Blazor's form name (<c>_handler</c>)
    /// with the fields. <paramref name="page"/> is fetched first, as the person would have it open.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string page, string handler, IReadOnlyDictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        html.Should().Contain($"value=\"{handler}\"", $"the page {page} shows the form {handler}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Token(html), ["_handler"] = handler };
        return await client.PostAsync(page, new FormUrlEncodedContent(form));
    }

    public static string Token(string html) => TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException("The page has no anti-forgery token.");

    /// <summary>The API client of the same persona: a bearer token with the persona's claims.</summary>
    public HttpClient ApiAs(string persona)
    {
        var p = Personas.Find(persona)!;
        return ClientFor(p.Role, p.Id, p.School is null ? [] : [p.School]);
    }

    /// <summary>New students of a school from the student-record system, with no tutor yet (the demo has none unallocated).</summary>
    public async Task<IReadOnlyList<string>> RegisterStudentsAsync(string school, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => $"{school.ToLowerInvariant()}-new-{Guid.NewGuid():N}"[..20]).ToList();
        var rows = ids.Select(id => new Dictionary<string, object?>
        {
            ["studentId"] = id, ["givenName"] = "New", ["familyName"] = "Student", ["email"] = $"{id}@students.test", ["schoolCode"] = school,
            ["programmeCode"] = "P1", ["level"] = "UG", ["yearOfStudy"] = 1, ["registeredOn"] = DateTime.UtcNow.ToString("yyyy-MM-dd"), ["status"] = "Studying",
            ["studentRouteVisa"] = false, ["visitingStudyAbroad"] = false,
        }).ToList();
        var response = await ClientFor(Roles.Integration, "registry").PostAsJsonAsync("/api/students/batch", new { students = rows });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        body.Should().Contain($"\"created\":{count}");
        await CatchUpAsync();
        return ids;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

[CollectionDefinition(Name)]
public sealed class DemoUniversityCollection : ICollectionFixture<DemoUniversity>, ICollectionFixture<Browser.Chromium>
{
    public const string Name = "demo university";
}
