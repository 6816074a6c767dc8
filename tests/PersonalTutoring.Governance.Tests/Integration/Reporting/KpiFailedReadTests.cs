using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Governance.Tests.Integration.Reporting;

/// <summary>A host whose read of Allocation's rows fails part-way, after naming its students.</summary>
public sealed class KpiFailedReadApi : TutoringApiFactory
{
    protected override bool UseManualClock => true;

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IAllocationFigures, FailingAllocationFigures>());

    private sealed class FailingAllocationFigures : IAllocationFigures
    {
        public Task<IReadOnlyList<AllocationYearFigures>> YearFiguresAsync(string? schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn, CancellationToken ct) =>
            FailAsync<IReadOnlyList<AllocationYearFigures>>();

        public Task<IReadOnlyList<AllocationYearFigures>> YearAsync(string? schoolCode, AcademicYear year, DateOnly on, DateOnly knownOn,
            Func<string, IReadOnlyList<StudentHistory>, CancellationToken, Task> eachSchool, CancellationToken ct) => FailAsync<IReadOnlyList<AllocationYearFigures>>();

        public Task<IReadOnlyList<string>> YearStudentIdsAsync(string schoolCode, AcademicYear year, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<string>>(["KS1", "KS2"]);

        private static async Task<T> FailAsync<T>()
        {
            await Task.Delay(100);
            throw new InvalidOperationException("The allocation rows could not be read.");
        }
    }
}

/// <summary>
/// A school's answer reads Contact's rows while Allocation reads its own, and Contact waits for Allocation's histories
/// (docs/adr/0095): when Allocation's read fails, the answer ends with that failure instead of waiting for ever; the
/// university's, which reads Governance's own records alongside, ends too.
/// </summary>
public sealed class KpiFailedReadTests(KpiFailedReadApi api) : IClassFixture<KpiFailedReadApi>
{
    [Fact]
    public async Task A_failed_read_of_Allocations_rows_ends_the_answer_instead_of_leaving_Contact_waiting()
    {
        await api.GivenTheSchoolAsync(api.Clock);
        api.Clock.Set(KpiScenario.At(2026, 3, 20));
        // Waiting for ever is the failure this guards against: a minute is far beyond what the failed read takes.
        foreach (var question in new[] { $"/api/schools/{KpiScenario.School}/kpis", "/api/university/kpis" })
        {
            var response = await api.Admin().GetAsync(question).WaitAsync(TimeSpan.FromMinutes(1));
            response.StatusCode.Should().Be(HttpStatusCode.InternalServerError, question);
        }
    }
}
