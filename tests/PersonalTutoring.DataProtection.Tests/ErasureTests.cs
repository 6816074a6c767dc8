using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.DataProtection.Tests;

/// <summary>The real host with in-memory Allocation and Governance, the real Contact module, and a clock moved by hand.</summary>
public class DataProtectionApi : TutoringApiFactory
{
    public FakeAllocation Allocation { get; } = new();

    protected override bool UseManualClock => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var governance = new FakeGovernance();
            services.AddSingleton<IAllocationQueries>(Allocation);
            services.AddSingleton<IStudentDirectory>(Allocation);
            services.AddSingleton<ILeavers>(Allocation);
            services.AddSingleton<IAcademicCalendar>(governance);
            services.AddSingleton<ITutoringPolicies>(governance);
        });
    }

    public HttpClient AdminUser => ClientFor(Roles.Admin, "admin-1");

    public HttpClient Dean => ClientFor(Roles.Dean, "dean-1");
}

/// <summary>
/// Erasure (issue 16 item 1): an Admin records the request with its ground, the Dean approves, the student's keys are
/// deleted and their notes read "[erased]"; legal holds (by hand, an open fitness-to-practise concern, a student-route
/// visa) refuse it with the reason; every step is an event in the student's data-protection history (item 7).
/// </summary>
public sealed class ErasureTests(DataProtectionApi api) : IClassFixture<DataProtectionApi>
{
    private string NewStudent(bool visa = false)
    {
        api.Clock.Set(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var id = $"s-{Guid.NewGuid():N}"[..14];
        api.Allocation.AddStudent(id, "MED", "t-tom", new DateOnly(2025, 9, 20), visa: visa);
        return id;
    }

    [Fact]
    public async Task An_approved_erasure_makes_the_students_notes_unreadable_and_is_recorded_step_by_step()
    {
        var s = NewStudent();
        await api.ClientFor(Roles.Tutor, "t-tom").PostJson($"/api/students/{s}/notes", new { text = "Spoke about debts", confidentiality = "Standard" }).ShouldBe(HttpStatusCode.Created);

        var request = await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "ConsentWithdrawn", detail = "Student's written request of 1 March" }).ShouldBe(HttpStatusCode.Created);
        var requestId = request.GetProperty("requestId").GetGuid();
        var decided = await api.Dean.PostAsync($"/api/students/{s}/erasure-requests/{requestId}/approve", null).ShouldBe(HttpStatusCode.OK);

        decided.GetProperty("status").GetString().Should().Be("Done");
        var record = await api.ClientFor(Roles.Tutor, "t-tom").GetAsync($"/api/students/{s}/contacts").ShouldBe(HttpStatusCode.OK);
        record.GetProperty("notes")[0].GetProperty("text").GetString().Should().Be(PersonalText.ErasedText);
        var history = await api.ClientFor(Roles.Auditor, "aud-1").GetAsync($"/api/students/{s}/data-protection").ShouldBe(HttpStatusCode.OK);
        history.GetProperty("erasedAt").ValueKind.Should().Be(System.Text.Json.JsonValueKind.String);
        var step = history.GetProperty("requests")[0];
        (step.GetProperty("status").GetString(), step.GetProperty("requestedBy").GetString(), step.GetProperty("decidedBy").GetString()).Should().Be(("Done", "admin-1", "dean-1"));
        (await api.EventTypesAsync($"data-protection-{s}")).Should().Equal("data_protection.erasure_requested", "data_protection.erasure_approved", "data_protection.student_erased");
        await api.ClientFor(Roles.Tutor, "t-tom").PostJson($"/api/students/{s}/notes", new { text = "after", confidentiality = "Standard" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_legal_hold_refuses_erasure_with_its_reason_until_it_is_lifted()
    {
        var s = NewStudent();
        var hold = await api.AdminUser.PostJson($"/api/students/{s}/legal-holds", new { kind = "LegalClaim", reason = "Appeal to the OIA pending" }).ShouldBe(HttpStatusCode.Created);

        var refused = await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "NoLongerNecessary", detail = "d" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("detail").GetString().Should().Contain("Appeal to the OIA pending");
        (await api.EventTypesAsync($"data-protection-{s}")).Should().Equal("data_protection.legal_hold_placed");

        await api.AdminUser.PostAsync($"/api/students/{s}/legal-holds/{hold.GetProperty("holdId").GetGuid()}/lift", null).ShouldBe(HttpStatusCode.NoContent);
        await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "NoLongerNecessary", detail = "d" }).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_open_fitness_to_practise_concern_holds_the_records()
    {
        var s = NewStudent();
        await api.ClientFor(Roles.Tutor, "t-tom").PostJson($"/api/students/{s}/concerns", new { kind = "FitnessToPractise", detail = "Repeated absence from placement" }).ShouldBe(HttpStatusCode.Created);

        var refused = await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "ConsentWithdrawn", detail = "d" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        refused.GetProperty("detail").GetString().Should().Contain("fitness-to-practise");
    }

    [Fact]
    public async Task A_student_route_visa_holds_the_records_while_sponsored_and_a_hold_placed_after_the_request_stops_the_approval()
    {
        var sponsored = NewStudent(visa: true);
        (await api.AdminUser.PostJson($"/api/students/{sponsored}/erasure-requests", new { ground = "ConsentWithdrawn", detail = "d" }).ShouldBeProblem(HttpStatusCode.UnprocessableEntity))
            .GetProperty("detail").GetString().Should().Contain("visa");

        var s = NewStudent();
        var request = await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "ConsentWithdrawn", detail = "d" }).ShouldBe(HttpStatusCode.Created);
        await api.Dean.PostJson($"/api/students/{s}/legal-holds", new { kind = "Other", reason = "Safeguarding review" }).ShouldBe(HttpStatusCode.Created);
        await api.Dean.PostAsync($"/api/students/{s}/erasure-requests/{request.GetProperty("requestId").GetGuid()}/approve", null).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_dean_may_refuse_and_a_refused_request_is_never_carried_out()
    {
        var s = NewStudent();
        var request = await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "ObjectionUpheld", detail = "d" }).ShouldBe(HttpStatusCode.Created);
        var url = $"/api/students/{s}/erasure-requests/{request.GetProperty("requestId").GetGuid()}";

        await api.Dean.PostJson($"{url}/refuse", new { reason = "Records needed for an ongoing appeal" }).ShouldBe(HttpStatusCode.OK);

        await api.Dean.PostAsync($"{url}/approve", null).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        (await api.EventTypesAsync($"data-protection-{s}")).Should().NotContain("data_protection.student_erased");
    }

    [Fact]
    public async Task Unknown_students_and_requests_are_404_and_bad_input_400()
    {
        await api.AdminUser.PostJson("/api/students/nobody-here/erasure-requests", new { ground = "ConsentWithdrawn", detail = "d" }).ShouldBeProblem(HttpStatusCode.NotFound);
        var s = NewStudent();
        await api.Dean.PostAsync($"/api/students/{s}/erasure-requests/{Guid.NewGuid()}/approve", null).ShouldBeProblem(HttpStatusCode.NotFound);
        await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "Whatever", detail = "d" }).ShouldBeProblem(HttpStatusCode.BadRequest);
        await api.AdminUser.PostJson($"/api/students/{s}/erasure-requests", new { ground = "ConsentWithdrawn" }).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    public static TheoryData<string, string, string?> Routes => new()
    {
        { "POST", "/api/students/{s}/erasure-requests", """{"ground":"ConsentWithdrawn","detail":"d"}""" },
        { "POST", "/api/students/{s}/erasure-requests/00000000-0000-0000-0000-000000000001/approve", null },
        { "POST", "/api/students/{s}/erasure-requests/00000000-0000-0000-0000-000000000001/refuse", """{"reason":"r"}""" },
        { "POST", "/api/students/{s}/legal-holds", """{"kind":"Other","reason":"r"}""" },
        { "POST", "/api/students/{s}/legal-holds/00000000-0000-0000-0000-000000000001/lift", null },
        { "GET", "/api/students/{s}/data-protection", null },
        { "GET", "/api/data-protection/erasure-requests", null },
        { "GET", "/api/students/{s}/subject-access-export", null },
        { "GET", "/api/students/{s}/own-record", null },
        { "POST", "/api/students/{s}/withholdings", """{"recordKind":"profile","recordId":"x","exemption":"SeriousHarm","reason":"r"}""" },
        { "POST", "/api/students/{s}/withholdings/00000000-0000-0000-0000-000000000001/lift", null },
        { "GET", "/api/students/{s}/personal-data-reads", null },
        { "GET", "/api/schools/MED/personal-data-reads", null },
        { "POST", "/api/data-protection/retention-runs", """{"dryRun":true}""" },
        { "GET", "/api/data-protection/retention-runs", null },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_is_refused_to_the_roles_it_is_not_for(string method, string route, string? body)
    {
        var s = NewStudent();
        var allowed = route switch
        {
            "/api/data-protection/erasure-requests" => new[] { Roles.Admin, Roles.Dean, Roles.Auditor },
            _ when route.EndsWith("/erasure-requests", StringComparison.Ordinal) => [Roles.Admin],
            _ when route.Contains("/erasure-requests/", StringComparison.Ordinal) => [Roles.Dean],
            _ when route.Contains("/legal-holds", StringComparison.Ordinal) => [Roles.Admin, Roles.Dean],
            _ when route.Contains("/withholdings", StringComparison.Ordinal) || route.EndsWith("/subject-access-export", StringComparison.Ordinal) => [Roles.Admin, Roles.Dean],
            // The student's own record and their read log are theirs alone among students: someone-1 is not this student.
            _ when route.EndsWith("/own-record", StringComparison.Ordinal) => [Roles.Admin, Roles.Dean],
            _ when route.EndsWith("/retention-runs", StringComparison.Ordinal) && method == "POST" => [Roles.Admin],
            _ => [Roles.Admin, Roles.Dean, Roles.Auditor],
        };
        foreach (var role in Roles.All.Except(allowed))
        {
            var client = api.ClientFor(role, "someone-1", "MED");
            var url = route.Replace("{s}", s, StringComparison.Ordinal);
            var response = method == "GET" ? await client.GetAsync(url) : await client.PostRaw(url, body ?? "{}");
            // A student who is not this student is a stranger to the routes that admit the student: 404 (ADR 0043).
            var stranger = role == Roles.Student && (route.EndsWith("/own-record", StringComparison.Ordinal) || route.EndsWith("/personal-data-reads", StringComparison.Ordinal))
                && route.StartsWith("/api/students/", StringComparison.Ordinal);
            response.StatusCode.Should().Be(stranger ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden, $"{role} {method} {route}");
        }
    }
}

internal static class StoredEvents
{
    /// <summary>The stored type aliases of a stream's events, in order.</summary>
    public static async Task<IReadOnlyList<string>> EventTypesAsync(this TutoringApiFactory api, string stream)
    {
        await using var session = api.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(stream)).Select(e => e.EventTypeName).ToList();
    }
}
