using System.Collections.Immutable;
using JasperFx.Events;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Governance.TutorDevelopment;

/// <summary>The write model of one tutor's development record in one school: the role period and each concern's state.</summary>
internal sealed record TutorDevelopmentRecord(bool Exists, DateOnly RoleStartedOn, DateOnly? RoleEndedOn, ImmutableDictionary<Guid, TutorDevelopmentRecord.Concern> Concerns)
    : IWriteModel<TutorDevelopmentRecord>
{
    internal sealed record Concern(DateOnly RaisedOn, bool Resolved);

    public string Id { get; init; } = "";

    public static TutorDevelopmentRecord Initial => new(false, default, null, ImmutableDictionary<Guid, Concern>.Empty);

    /// <summary>
    /// A tutor may tutor in several schools; each school keeps its own record. The colon cannot occur in a school
    /// code or a staff id, so "UCL-MS" + "T1" and "UCL" + "MS-T1" never share a stream.
    /// </summary>
    public static string StreamId(string schoolCode, string staffId) => $"tutor-development-{schoolCode}:{staffId}";

    public TutorDevelopmentRecord Evolve(IEvent @event) => @event.Data switch
    {
        TutorDevelopmentRecordOpened e => this with { Exists = true, RoleStartedOn = e.RoleStartedOn },
        TutorRoleStartCorrected e => this with { RoleStartedOn = e.RoleStartedOn },
        TutorLeftRole e => this with { RoleEndedOn = e.LeftOn },
        TutorRoleEndWithdrawn => this with { RoleEndedOn = null },
        TutorConcernRaised e => this with { Concerns = Concerns.SetItem(e.ConcernId, new Concern(e.RaisedOn, false)) },
        TutorConcernResolved e => this with { Concerns = Concerns.SetItem(e.ConcernId, Concerns[e.ConcernId] with { Resolved = true }) },
        _ => this,
    };

    public void DemandExists(string schoolCode, string staffId)
    {
        if (!Exists)
            throw new NotFoundException($"Tutor {staffId} has no development record in school {schoolCode}; record their role start first.");
    }

    /// <summary>The open concern a follow-up refers to; actions and resolutions never go to a resolved concern.</summary>
    public Concern OpenConcern(Guid concernId, DateOnly on)
    {
        var concern = Concerns.GetValueOrDefault(concernId) ?? throw new NotFoundException($"Concern {concernId} is not on this tutor's record.");
        if (concern.Resolved)
            throw new BusinessRuleException("concern-already-resolved", "The concern is already resolved; raise a new concern instead.");
        if (on < concern.RaisedOn)
            throw new BusinessRuleException("before-concern-raised", $"The concern was raised on {concern.RaisedOn:yyyy-MM-dd}; a follow-up cannot be earlier.");
        return concern;
    }
}
