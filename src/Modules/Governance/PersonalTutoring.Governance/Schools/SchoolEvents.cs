using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.Schools;

internal sealed record SchoolRegistered(string SchoolCode, string Name, string? College, DateTimeOffset RegisteredAt);

internal sealed record SchoolDetailsChanged(string SchoolCode, string Name, string? College, DateTimeOffset ChangedAt);

internal static class SchoolEvents
{
    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<SchoolRegistered>("governance.school_registered");
        options.Events.MapEventType<SchoolDetailsChanged>("governance.school_details_changed");
        options.AddWriteModel<School>();
    }
}
