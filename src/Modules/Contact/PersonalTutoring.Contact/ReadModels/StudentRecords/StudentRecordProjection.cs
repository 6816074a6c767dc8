using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.StudentRecords;

/// <summary>
/// Folds a student's contact stream into their record, keyed by student id (its Marten identity). Inline, so a tutor
/// who records a contact sees it at once; deterministic (event data only), so a rebuild gives the same documents.
/// </summary>
internal sealed class StudentRecordProjection : StreamFoldProjection<StudentRecord>
{
    public override ProjectionLifecycle Lifecycle => ProjectionLifecycle.Inline;

    public const string ProjectionName = "contact-student-records";

    public override string Name => ProjectionName;

    public override IReadOnlyCollection<Type> EventTypes =>
    [
        typeof(ContactRecorded), typeof(ReplyAwaited), typeof(ReplyGiven), typeof(NoteWritten), typeof(NoteAmended), typeof(SupportFlagRaised),
        typeof(SupportAttemptRecorded), typeof(SupportFlagClosed), typeof(ConsentRecorded), typeof(ConsentRevoked), typeof(ReferralMade),
        typeof(ReferralAcknowledged), typeof(ReferralClosed), typeof(ConcernRaised), typeof(ConcernAcknowledged), typeof(ConcernResolved),
        typeof(ObjectiveSet), typeof(ObjectiveReviewed),
    ];

    /// <summary>Every event names its student (the stream is <c>contact-{studentId}</c>).</summary>
    protected override string DocumentId(IEvent e) => ((IStudentEvent)e.Data).StudentId;

    protected override StudentRecord? Evolve(StudentRecord? current, IEvent e)
    {
        var r = current ?? StudentRecord.Empty(((IStudentEvent)e.Data).StudentId, "");
        if (e.Data is ISchoolEvent { SchoolCode: var school }) r = r with { SchoolCode = school };
        return e.Data switch
        {
            ContactRecorded x => r with
            {
                Contacts = [.. r.Contacts, new ContactEntry(x.ContactId, x.StaffId, x.RecordedBy, x.Kind, x.Direction, x.OccurredAt,
                    x.EnquiredAboutProgressAndWellbeing, x.TuteeResponded, x.LateReason, x.RecordedAt, null, null, null)],
            },
            ReplyAwaited x => r with { Contacts = Replace(r.Contacts, c => c.ContactId == x.ContactId, c => c with { ReplyDueAt = x.DueAt }) },
            ReplyGiven x => r with { Contacts = Replace(r.Contacts, c => c.ContactId == x.AwaitedContactId, c => c with { RepliedAt = x.RepliedAt, RepliedWithinDue = x.WithinDue }) },
            NoteWritten x => r with { Notes = [.. r.Notes, new NoteEntry(x.NoteId, x.ContactId, x.AuthorId, x.TutorIds, x.Confidentiality, x.Text, x.WrittenAt, [])] },
            NoteAmended x => r with
            {
                Notes = Replace(r.Notes, n => n.NoteId == x.NoteId, n => n with { Amendments = [.. n.Amendments, new AmendmentEntry(x.AmendmentId, x.AuthorId, x.Text, x.AmendedAt)] }),
            },
            SupportFlagRaised x => Flags(r with { SupportFlags = [.. r.SupportFlags, new SupportFlagEntry(x.FlagId, x.TermKey, x.UnansweredAttempts, x.RaisedAt, [], null, null, null)] }),
            SupportAttemptRecorded x => r with
            {
                SupportFlags = Replace(r.SupportFlags, f => f.FlagId == x.FlagId, f => f with { Attempts = [.. f.Attempts, new SupportAttemptEntry(x.StaffId, x.Kind, x.OccurredAt, x.TuteeResponded)] }),
            },
            SupportFlagClosed x => Flags(r with { SupportFlags = Replace(r.SupportFlags, f => f.FlagId == x.FlagId, f => f with { ClosedBy = x.ClosedBy, ClosedAt = x.ClosedAt, Outcome = x.Outcome }) }),
            ConsentRecorded x => r with { Consents = [.. r.Consents, new ConsentEntry(x.ConsentId, x.RecordedBy, x.Scope, x.Until, x.GivenAt, null, null)] },
            ConsentRevoked x => r with { Consents = Replace(r.Consents, c => c.ConsentId == x.ConsentId, c => c with { RevokedBy = x.RevokedBy, RevokedAt = x.RevokedAt }) },
            ReferralMade x => r with
            {
                Referrals = [.. r.Referrals, new ReferralEntry(x.ReferralId, x.Service, x.Reason, x.ReferredBy, x.ConsentId, x.BreachGround, x.BreachJustification,
                    x.FollowUpOn, x.MadeAt, Progress.Open, null, null, null, null, null)],
            },
            ReferralAcknowledged x => r with
            {
                Referrals = Replace(r.Referrals, f => f.ReferralId == x.ReferralId, f => f with { Status = Progress.Acknowledged, AcknowledgedBy = x.AcknowledgedBy, AcknowledgedAt = x.AcknowledgedAt }),
            },
            ReferralClosed x => r with
            {
                Referrals = Replace(r.Referrals, f => f.ReferralId == x.ReferralId, f => f with { Status = Progress.Closed, ClosedBy = x.ClosedBy, ClosedAt = x.ClosedAt, Outcome = x.Outcome }),
            },
            ConcernRaised x => r with { Concerns = [.. r.Concerns, new ConcernEntry(x.ConcernId, x.Kind, x.RoutedTo, x.Detail, x.RaisedBy, x.RaisedAt, Progress.Open, null, null, null, null, null)] },
            ConcernAcknowledged x => r with
            {
                Concerns = Replace(r.Concerns, c => c.ConcernId == x.ConcernId, c => c with { Status = Progress.Acknowledged, AcknowledgedBy = x.AcknowledgedBy, AcknowledgedAt = x.AcknowledgedAt }),
            },
            ConcernResolved x => r with
            {
                Concerns = Replace(r.Concerns, c => c.ConcernId == x.ConcernId, c => c with { Status = Progress.Closed, ResolvedBy = x.ResolvedBy, ResolvedAt = x.ResolvedAt, Outcome = x.Outcome }),
            },
            ObjectiveSet x => r with { Objectives = [.. r.Objectives, new ObjectiveEntry(x.ObjectiveId, x.Text, x.ReviewOn, x.SetBy, x.SetAt, null, null, null, null)] },
            ObjectiveReviewed x => r with
            {
                Objectives = Replace(r.Objectives, o => o.ObjectiveId == x.ObjectiveId, o => o with { Outcome = x.Outcome, Comment = x.Comment, ReviewedBy = x.ReviewedBy, ReviewedAt = x.ReviewedAt }),
            },
            _ => r,
        };
    }

    private static StudentRecord Flags(StudentRecord r) => r with { OpenSupportFlags = r.SupportFlags.Count(f => f.Open) };

    private static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> items, Func<T, bool> match, Func<T, T> change) => items.Select(i => match(i) ? change(i) : i).ToList();

    /// <summary>Computed indexes (the fold writes data only) for the school lists and the Support Team worklist.</summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<StudentRecord>().DatabaseSchemaName(ContactModule.Schema).Identity(r => r.StudentId)
            .Index(r => r.SchoolCode)
            .Index(r => r.OpenSupportFlags);
        options.AddFold(new StudentRecordProjection());
    }
}
