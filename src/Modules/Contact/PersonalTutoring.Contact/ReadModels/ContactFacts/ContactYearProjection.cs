using JasperFx.Events;
using Marten;
using PersonalTutoring.BuildingBlocks.Projections;
using PersonalTutoring.Contact.ContactLogs;
using PersonalTutoring.Governance.Contracts;

namespace PersonalTutoring.Contact.ReadModels.ContactFacts;

/// <summary>
/// The KPI facts of the tutoring records (docs/adr/0087): one <see cref="ContactYear"/> per student and academic year
/// (by UK date). A contact goes to the year it occurred in, and also to the next year when it occurred in the last
/// <see cref="CarriedDays"/> days of its year; its reply clock follows it. A flag, a referral made and a referral
/// closed go to the year of their own instant. Async (the daemon): no command reads it. Deterministic (event data
/// only), so a rebuild gives the same rows; every fact keeps its instants, so "as of" is a filter, never a replay.
/// </summary>
internal sealed class ContactYearProjection : FoldProjection<ContactYear>
{
    public const string ProjectionName = "contact-kpi-years";

    /// <summary>
    /// Days at the end of a year whose contacts are carried into the next: more than any reply clock can run (the policy's
    /// response time is 1 to 30 working days, PolicyChecks: six weeks, plus closure days), so a reply due in a year always
    /// has its contact in that year's row.
    /// </summary>
    public const int CarriedDays = 62;

    public override string Name => ProjectionName;

    public override bool KeepsChanges => true;

    /// <summary>A row's ledger key is its year (docs/adr/0098): the rows do not name a school.</summary>
    protected override IEnumerable<string> ChangeKeys(ContactYear row) => [YearKey(row.StartYear)];

    public static string YearKey(int startYear) => startYear.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override IReadOnlyCollection<Type> EventTypes =>
        [typeof(ContactRecorded), typeof(ReplyAwaited), typeof(ReplyGiven), typeof(SupportFlagRaised), typeof(ReferralMade), typeof(ReferralClosed)];

    protected override IEnumerable<string> Identities(IEvent e) => e.Data switch
    {
        ContactRecorded x => ContactYears(x.StudentId, x.OccurredAt),
        ReplyAwaited x => ContactYears(x.StudentId, x.ReceivedAt), // received = the contact's occurrence
        // A reply given on time is given at most a year boundary away from its contact; a later one counts as late
        // wherever it is (the figures need its instant only when it is within the due time).
        ReplyGiven x => [.. new[] { -1, 0, 1 }.Select(d => ContactYear.Key(x.StudentId, YearOf(x.RepliedAt) + d))],
        SupportFlagRaised x => [ContactYear.Key(x.StudentId, YearOf(x.RaisedAt))],
        ReferralMade x => [ContactYear.Key(x.StudentId, YearOf(x.MadeAt))],
        ReferralClosed x => [ContactYear.Key(x.StudentId, YearOf(x.ClosedAt))],
        _ => [],
    };

    protected override ContactYear? Evolve(ContactYear? current, string id, IEvent e)
    {
        var studentId = ((IStudentEvent)e.Data).StudentId;
        var year = current ?? ContactYear.Empty(studentId, int.Parse(id[(id.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        return e.Data switch
        {
            ContactRecorded x => year.Contacts.Any(c => c.ContactId == x.ContactId) ? year : year with
            {
                Contacts = [.. year.Contacts, new ContactFact(x.ContactId, x.Kind, x.Direction, x.OccurredAt, x.RecordedAt, x.EnquiredAboutProgressAndWellbeing, x.TuteeResponded)],
            },
            // As the student record: a reply to a contact the row does not hold changes nothing (and creates no row).
            ReplyAwaited x => current is null ? null : year with { Contacts = Replace(year.Contacts, x.ContactId, c => c with { ReplyDueAt = x.DueAt }) },
            ReplyGiven x => current is null ? null : year with { Contacts = Replace(year.Contacts, x.AwaitedContactId, c => c with { RepliedAt = x.RepliedAt }) },
            SupportFlagRaised x => year with { FlagsRaised = Add(year.FlagsRaised, new DatedFact(x.FlagId, x.RaisedAt)) },
            ReferralMade x => year with { ReferralsMade = Add(year.ReferralsMade, new DatedFact(x.ReferralId, x.MadeAt)) },
            ReferralClosed x => year with { ReferralsClosed = Add(year.ReferralsClosed, new DatedFact(x.ReferralId, x.ClosedAt)) },
            _ => current,
        };
    }

    /// <summary>The academic year of an instant's UK date, as the figures date their facts.</summary>
    public static int YearOf(DateTimeOffset at) => AcademicYear.Containing(UkDate(at)).StartYear;

    public static DateOnly UkDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, London).DateTime);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static IEnumerable<string> ContactYears(string studentId, DateTimeOffset occurredAt)
    {
        var date = UkDate(occurredAt);
        var year = AcademicYear.Containing(date).StartYear;
        return date.AddDays(CarriedDays) > new AcademicYear(year).DefaultEnd
            ? [ContactYear.Key(studentId, year), ContactYear.Key(studentId, year + 1)]
            : [ContactYear.Key(studentId, year)];
    }

    private static IReadOnlyList<ContactFact> Replace(IReadOnlyList<ContactFact> contacts, Guid id, Func<ContactFact, ContactFact> change) =>
        contacts.Any(c => c.ContactId == id) ? contacts.Select(c => c.ContactId == id ? change(c) : c).ToList() : contacts;

    private static IReadOnlyList<DatedFact> Add(IReadOnlyList<DatedFact> facts, DatedFact fact) => facts.Any(f => f.Id == fact.Id) ? facts : [.. facts, fact];

    /// <summary>Identity is the student and year; a computed index on the student for the first-years' earlier meetings.</summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<ContactYear>().DatabaseSchemaName(ContactModule.Schema).Identity(f => f.Id).Index(f => f.StudentId);
        options.AddFold(new ContactYearProjection());
    }
}
