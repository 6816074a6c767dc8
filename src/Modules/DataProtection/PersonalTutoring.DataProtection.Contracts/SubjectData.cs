namespace PersonalTutoring.DataProtection.Contracts;

/// <summary>
/// The kinds of record held about a student, as a subject-access export and the student's own record name them. A
/// withholding (an exemption recorded with its reason) names a record by its kind and id.
/// </summary>
public static class SubjectRecordKinds
{
    public const string Profile = "profile";
    public const string StatusHistory = "status-history";
    public const string TutorAssignment = "tutor-assignment";
    public const string AllocationChange = "allocation-change";
    public const string ChangeRequest = "change-request";
    public const string Contact = "contact";
    public const string StandardNote = "standard-note";
    public const string ConfidentialNote = "confidential-note";
    public const string Consent = "consent";
    public const string Referral = "referral";
    public const string Concern = "concern";
    public const string Objective = "objective";
    public const string SupportFlag = "support-flag";
    public const string Meeting = "meeting";
    public const string ClinicBooking = "clinic-booking";
    public const string ReferenceRequest = "reference-request";
    public const string IssuedReference = "issued-reference";
    public const string PersonalDataRead = "personal-data-read";
    public const string DataProtection = "data-protection";

    /// <summary>Every kind, in the order an export lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Profile, StatusHistory, TutorAssignment, AllocationChange, ChangeRequest, Contact, StandardNote, ConfidentialNote, Consent, Referral, Concern,
        Objective, SupportFlag, Meeting, ClinicBooking, ReferenceRequest, IssuedReference, PersonalDataRead, DataProtection,
    ];

    /// <summary>
    /// What the student sees of their own record day to day (issue 16 item 4): contacts, meetings, objectives, consents,
    /// issued references and who their tutor is. Notes, referrals and concerns reach them through a subject-access request,
    /// where the Data Protection Officer can record an exemption first.
    /// </summary>
    public static readonly IReadOnlySet<string> ShownToStudent = new HashSet<string>(StringComparer.Ordinal)
    {
        Profile, TutorAssignment, ChangeRequest, Contact, Consent, Objective, Meeting, ClinicBooking, IssuedReference,
    };
}

/// <summary>
/// One record held about a student: its kind, its id (unique within the kind), when it was made and its content as
/// the module holds it — personal text as <c>PersonalText</c>, which reads "[erased]" once the student's keys are gone.
/// <see cref="ExemptBecause"/>: an exemption the module itself recorded for the record (a reference the school marked
/// confidential to its recipient, Data Protection Act 2018 Sch. 2 para 24); it is withheld like a recorded withholding.
/// </summary>
public sealed record SubjectRecord(string Kind, string Id, DateTimeOffset? At, object Content)
{
    public string? ExemptBecause { get; init; }
}

/// <summary>
/// What a module holds about a student, whole and unfiltered (confidential notes included, as UK GDPR Art. 15 requires):
/// every module that keeps personal data registers one, and the subject-access export and the student's own record read
/// them all. Nothing here decides who may see what; the caller does.
/// </summary>
public interface ISubjectDataSource
{
    /// <summary>The module's name, as the export's sections are titled.</summary>
    string Module { get; }

    Task<IReadOnlyList<SubjectRecord>> RecordsOfAsync(string studentId, CancellationToken ct);
}
