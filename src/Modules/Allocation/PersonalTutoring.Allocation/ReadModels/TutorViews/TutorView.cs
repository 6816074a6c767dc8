using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.Allocation.Allocations;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Allocation.ReadModels.TutorViews;

/// <summary>A tutor, their current tutees and unavailability. Inline, like <c>StudentView</c>: auto-allocation plans on it.</summary>
internal sealed record TutorView(
    string StaffId,
    TutorDetails Details,
    long Version,
    bool HasDeanException,
    string? DeanJustification,
    bool HasLeft,
    IReadOnlyList<string> Tutees,
    IReadOnlyList<TutorUnavailability> Unavailability)
{
    /// <summary>The tutor's stream at the version this view shows: bulk commands append at it.</summary>
    public StreamRef ToStream() => new(Tutor.StreamId(StaffId), Version);

    public int Caseload => Tutees.Count;

    public Tutor ToWriteModel() => new(true, Details, HasDeanException, HasLeft, [.. Tutees]);

    public TutorUnavailability? UnavailableOn(DateOnly date) => Unavailability.LastOrDefault(u => date >= u.From && date <= u.To);
}

/// <summary>Keyed by staff id (its Marten identity); every append to a tutor stream is version-checked.</summary>
internal sealed class TutorViewProjection : StreamFoldProjection<TutorView>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public override string Name => "allocation-tutors";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(TutorRegistered), typeof(TutorDetailsChanged), typeof(DeanExceptionRecorded),
        typeof(TuteesAssigned), typeof(TuteesReleased), typeof(TutorUnavailabilityRecorded), typeof(TutorHandedOver)];

    public static void Register(StoreOptions options)
    {
        options.Schema.For<TutorView>().DatabaseSchemaName(AllocationModule.Schema).Identity(v => v.StaffId).Index(v => v.Details.SchoolCode);
        options.AddFold(new TutorViewProjection());
    }

    protected override string DocumentId(IEvent e) => e.Data switch
    {
        TutorRegistered r => r.StaffId,
        TutorDetailsChanged c => c.StaffId,
        DeanExceptionRecorded d => d.StaffId,
        TuteesAssigned a => a.StaffId,
        TuteesReleased r => r.StaffId,
        TutorUnavailabilityRecorded u => u.StaffId,
        TutorHandedOver h => h.StaffId,
        _ => throw new InvalidOperationException($"Unexpected {e.EventTypeName} in {Name}."),
    };

    protected override TutorView? Evolve(TutorView? current, IEvent e) => e.Data switch
    {
        TutorRegistered r => new TutorView(r.StaffId, r.Details, e.Version, false, null, false, [], []),
        _ when current is null => null,
        TutorDetailsChanged c => current with { Details = c.Details, Version = e.Version },
        DeanExceptionRecorded d => current with { HasDeanException = true, DeanJustification = d.Justification, Version = e.Version },
        TuteesAssigned a => current with { Tutees = [.. current.Tutees.Union(a.Tutees.Select(t => t.StudentId), StringComparer.Ordinal)], Version = e.Version },
        TuteesReleased r => current with { Tutees = [.. current.Tutees.Except(r.Tutees.Select(t => t.StudentId), StringComparer.Ordinal)], Version = e.Version },
        TutorUnavailabilityRecorded u => current with
        {
            Unavailability = [.. current.Unavailability, new TutorUnavailability(u.StaffId, u.From, u.To, u.Reason, u.AlternativeStaffId)],
            Version = e.Version,
        },
        TutorHandedOver => current with { HasLeft = true, Version = e.Version },
        _ => current with { Version = e.Version },
    };
}
