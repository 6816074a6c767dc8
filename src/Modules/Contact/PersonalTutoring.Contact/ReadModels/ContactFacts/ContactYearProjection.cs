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

    /// <summary>
    /// A changed row's ledger key is its year and the earliest UK date among the facts that changed (docs/adr/0102):
    /// <c>{startYear}/{yyyy-MM-dd}</c>. A contact's date is its occurrence's, whatever of it changed (its reply clock too);
    /// a flag's or referral's, its own instant's. The figures as of a date count no fact dated after it (ContactFigures), so
    /// a change moves the marks of that date and later ones only: today's contacts leave every earlier day's marks alone.
    /// The rows do not name a school (docs/adr/0098): every school's marks move together.
    /// </summary>
    protected override IEnumerable<string> ChangedKeys(ContactYear? before, ContactYear? after)
    {
        var row = (after ?? before)!;
        var dates = ChangedDates(before?.Contacts ?? [], after?.Contacts ?? [], c => c.ContactId, c => c.OccurredAt)
            .Concat(ChangedDates(before?.FlagsRaised ?? [], after?.FlagsRaised ?? [], f => f.Id, f => f.At))
            .Concat(ChangedDates(before?.ReferralsMade ?? [], after?.ReferralsMade ?? [], f => f.Id, f => f.At))
            .Concat(ChangedDates(before?.ReferralsClosed ?? [], after?.ReferralsClosed ?? [], f => f.Id, f => f.At))
            .ToList();
        // A row that differs in nothing dated (not written today): from its year's first fact on, to be safe.
        if (dates.Count == 0) dates = [.. (after ?? before)!.Contacts.Select(c => UkDate(c.OccurredAt)).DefaultIfEmpty(new AcademicYear(row.StartYear).DefaultStart)];
        return [DateKey(row.StartYear, dates.Min())];
    }

    /// <summary>The dates of the facts added, removed or changed between two lists of one kind.</summary>
    private static IEnumerable<DateOnly> ChangedDates<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, Guid> id, Func<T, DateTimeOffset> at)
        where T : class
    {
        var was = before.ToDictionary(id);
        foreach (var fact in after)
            if (!was.Remove(id(fact), out var old) || !Equals(old, fact)) yield return UkDate(at(fact));
        foreach (var gone in was.Values) yield return UkDate(at(gone));
    }

    /// <summary>The ledger key of a year's facts dated <paramref name="date"/>; every key up to a year's date sorts before it.</summary>
    public static string DateKey(int startYear, DateOnly date) =>
        $"{startYear.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";

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
