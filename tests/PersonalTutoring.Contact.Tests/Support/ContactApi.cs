using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.Tests.Support;

/// <summary>
/// The real host with a hand-moved clock, and in-memory Allocation and Governance (the real modules are being built in
/// parallel): a real fake with data, so access rules and compliance run end to end.
/// </summary>
public sealed class ContactApi : TutoringApiFactory
{
    public FakeAllocation Allocation { get; } = new();
    public FakeGovernance Governance { get; } = new();

    protected override bool UseManualClock => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IAllocationQueries>(Allocation);
            services.AddSingleton<IStudentDirectory>(Allocation);
            services.AddSingleton<IAcademicCalendar>(Governance);
            services.AddSingleton<ITutoringPolicies>(Governance);
        });
    }

    public HttpClient Tutor(string staffId) => ClientFor(Roles.Tutor, staffId);
}
