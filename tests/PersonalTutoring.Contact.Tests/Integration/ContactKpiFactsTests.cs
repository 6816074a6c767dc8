using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.Compliance;
using PersonalTutoring.Contact.Contracts;
using PersonalTutoring.Contact.ReadModels.ContactFacts;
using PersonalTutoring.Contact.Shared;
using PersonalTutoring.Contact.Tests.Support;
using PersonalTutoring.Governance.Contracts;
using static PersonalTutoring.Contact.Tests.Support.ContactWorld;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Contact.Tests.Integration;

/// <summary>
/// The KPI facts (docs/adr/0087) give the figures the whole tutoring records gave (<see cref="RecordBasedContactFigures"/>,
/// the former computation kept as the oracle): for a KPI date in the middle of the year as known then (later entries and
/// backdated ones excluded), as known later, and after the projection is rebuilt from the events. The school's figures
/// are also worked out by hand for the dates where they differ.
/// </summary>
public sealed class ContactKpiFactsTests(ContactApi api) : IClassFixture<ContactApi>
{
    private const string School = "KFX";
    private static readonly AcademicYear Year = new(2025);

    [Fact]
    public async Task The_facts_give_the_record_figures_as_of_a_mid_year_date_as_known_then_and_later_and_after_a_rebuild()
    {
        var (s1, s2, t) = (NewId("s"), NewId("s"), NewId("t"));
        api.SetClock(London(2025, 7, 10, 12));
        api.Allocation.AddStudent(s1, School, t, new DateOnly(2025, 8, 1));
        api.Allocation.AddStudent(s2, School, t, new DateOnly(2025, 7, 1), year: 1);
        var tutor = api.Tutor(t);
        // s2, a first-year: a meeting in person before the year (CO-1's initial meeting looks back past the year's window).
        await tutor.PostJson($"/api/students/{s2}/contacts", ContactBody(London(2025, 7, 10), kind: "IndividualMeeting")).ShouldBe(HttpStatusCode.Created);

        // Across the year's start: a tutee message on 29 July answered on 1 August (due then: counted in 2025-26), and a
        // referral made in July (2024-25) closed on 6 October (closed in 2025-26).
        await At(2025, 7, 29, () => tutor.PostJson($"/api/students/{s2}/contacts", ContactBody(London(2025, 7, 29), "TuteeInitiated", null)));
        await At(2025, 8, 1, () => tutor.PostJson($"/api/students/{s2}/contacts", ContactBody(London(2025, 8, 1, 9))));
        var july = await At(2025, 7, 30, () => tutor.PostJson($"/api/students/{s2}/referrals", new { service = "Counselling", reason = "Exams", consentGiven = true }));
        var julyId = july.GetProperty("referralId").GetGuid();
        await At(2025, 8, 4, () => tutor.PostAsync($"/api/students/{s2}/referrals/{julyId}/acknowledge", null), HttpStatusCode.NoContent);
        await At(2025, 10, 6, () => tutor.PostJson($"/api/students/{s2}/referrals/{julyId}/close", new { outcome = "Done" }), HttpStatusCode.NoContent);
        // s2 meets every autumn rule but the initial meeting from the autumn's contacts: welcome (29 September), monthly
        // contact (September to December), a progress check-in (15 October).
        await At(2025, 9, 29, () => tutor.PostJson($"/api/students/{s2}/contacts", ContactBody(London(2025, 9, 29))));
        await At(2025, 10, 15, () => tutor.PostJson($"/api/students/{s2}/contacts", ContactBody(London(2025, 10, 15), enquired: true)));
        await At(2025, 12, 1, () => tutor.PostJson($"/api/students/{s2}/contacts", ContactBody(London(2025, 12, 1, 9))));
        await At(2025, 10, 1, () => tutor.PostJson($"/api/students/{s1}/contacts", ContactBody(London(2025, 10, 1), kind: "IndividualMeeting", enquired: true)));
        // Two tutee messages: one answered the next day (in time), one a fortnight later (late).
        await At(2025, 11, 3, () => tutor.PostJson($"/api/students/{s1}/contacts", ContactBody(London(2025, 11, 3), "TuteeInitiated", null)));
        await At(2025, 11, 4, () => tutor.PostJson($"/api/students/{s1}/contacts", ContactBody(London(2025, 11, 4))));
        await At(2025, 11, 6, () => tutor.PostJson($"/api/students/{s1}/contacts", ContactBody(London(2025, 11, 6), "TuteeInitiated", null)));
        // Three unanswered attempts raise the unresponsive flag (CO-5) on 19 November.
        foreach (var day in new[] { 5, 12, 19 })
            await At(2025, 11, day, () => tutor.PostJson($"/api/students/{s2}/contacts", ContactBody(London(2025, 11, day, 9), responded: false)));
        await At(2025, 11, 20, () => tutor.PostJson($"/api/students/{s1}/contacts", ContactBody(London(2025, 11, 20))));
        var referral = await At(2025, 11, 20, () => tutor.PostJson($"/api/students/{s1}/referrals", new { service = "Counselling", reason = "Low mood", consentGiven = true }));
        var referralId = referral.GetProperty("referralId").GetGuid();
        await At(2025, 11, 21, () => tutor.PostAsync($"/api/students/{s1}/referrals/{referralId}/acknowledge", null), HttpStatusCode.NoContent);
        // After the KPI date: a contact backdated to 24 November, recorded on 3 December, and the referral closed on 5 December.
        await At(2025, 12, 3, () => tutor.PostJson($"/api/students/{s2}/contacts", ContactBody(London(2025, 11, 24), kind: "IndividualMeeting", enquired: true)));
        await At(2025, 12, 5, () => tutor.PostJson($"/api/students/{s1}/referrals/{referralId}/close", new { outcome = "Six sessions offered" }), HttpStatusCode.NoContent);
        api.SetClock(London(2025, 12, 10, 12));
        await api.CatchUpAsync();

        var midYear = new DateOnly(2025, 11, 25);
        var asKnownThen = await AgreeAsync(midYear, midYear);
        asKnownThen.Sum(f => f.RepliesDue).Should().Be(3, "29 July's (due 1 August), 3 and 6 November's");
        asKnownThen.Sum(f => f.RepliedInTime).Should().Be(2);
        asKnownThen.Sum(f => f.UnresponsiveReferred).Should().Be(1);
        asKnownThen.Sum(f => f.ReferralsMade).Should().Be(1, "July's was made in 2024-25");
        asKnownThen.Sum(f => f.ReferralsClosed).Should().Be(1, "July's, closed in October; November's closed on 5 December, after the KPI date");
        var asKnownLater = await AgreeAsync(midYear, new DateOnly(2025, 12, 10));
        asKnownLater.Sum(f => f.ReferralsClosed).Should().Be(1, "November's closed after the KPI date, whenever asked");
        var december = await AgreeAsync(new DateOnly(2025, 12, 10), new DateOnly(2025, 12, 10));
        december.Sum(f => f.ReferralsClosed).Should().Be(2);
        await AgreeAsync(new DateOnly(2025, 12, 10), new DateOnly(2025, 12, 4));
        await AgreeAsync(new DateOnly(2025, 10, 15), new DateOnly(2025, 10, 15));
        // After the autumn term, as known before the backdated meeting: s2's initial meeting (CO-1) is the July one.
        api.SetClock(London(2026, 1, 20, 12));
        var autumn = await AgreeAsync(new DateOnly(2026, 1, 20), new DateOnly(2025, 12, 2));
        autumn.SelectMany(f => f.Compliance).Where(c => c.Term == "2025-26/Autumn").Sum(c => c.Compliant).Should().Be(1, "s2's July meeting counts");

        var admin = api.Services.GetRequiredService<ProjectionAdmin>();
        await admin.RebuildAsync(ContactYearProjection.ProjectionName, CancellationToken.None);
        await api.CatchUpAsync();
        (await AgreeAsync(midYear, midYear)).Should().BeEquivalentTo(asKnownThen, o => o.WithStrictOrdering());
        (await AgreeAsync(midYear, new DateOnly(2025, 12, 10))).Should().BeEquivalentTo(asKnownLater, o => o.WithStrictOrdering());
    }

    /// <summary>The facts' figures equal the record-based ones; returns them.</summary>
    private async Task<IReadOnlyList<ContactYearFigures>> AgreeAsync(DateOnly on, DateOnly knownOn)
    {
        var facts = await api.Services.GetRequiredService<IContactFigures>().YearFiguresAsync(School, Year, on, knownOn, CancellationToken.None);
        var records = await new RecordBasedContactFigures(api.Services.GetRequiredService<ComplianceReader>(), api.Services.GetRequiredService<StudentContext>())
            .YearFiguresAsync(School, Year, on, knownOn, CancellationToken.None);
        facts.Should().BeEquivalentTo(records, o => o.WithStrictOrdering(), $"on {on} as known on {knownOn}");
        facts.SelectMany(f => f.Compliance).Sum(c => c.Tutees).Should().BeGreaterThan(0, "the compliance rules ran");
        return facts;
    }

    private async Task<JsonElement> At(int year, int month, int day, Func<Task<HttpResponseMessage>> act, HttpStatusCode expected = HttpStatusCode.Created)
    {
        api.SetClock(London(year, month, day, 12));
        return await (await act()).ShouldBe(expected);
    }
}
