using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.Governance.Schools;

/// <summary>The write model of a school: only what registering and renaming decide on.</summary>
internal sealed record School(bool Exists, string Name, string? College) : IWriteModel<School>
{
    public string Id { get; init; } = "";

    public static School Initial => new(false, "", null);

    public static string StreamId(string schoolCode) => $"school-{schoolCode}";

    public School Evolve(IEvent @event) => @event.Data switch
    {
        SchoolRegistered e => this with { Exists = true, Name = e.Name, College = e.College },
        SchoolDetailsChanged e => this with { Name = e.Name, College = e.College },
        _ => this,
    };
}
