using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Privacy;

namespace PersonalTutoring.DataProtection.Erasure;

/// <summary>The grounds for erasure of UK GDPR Article 17(1).</summary>
internal enum ErasureGround { NoLongerNecessary, ConsentWithdrawn, ObjectionUpheld, UnlawfullyProcessed, LegalObligation }

/// <summary>Why a student's records must be kept for now, whatever is asked.</summary>
internal enum HoldKind { FitnessToPractise, VisaReporting, LegalClaim, Other }

// Every step is an event on the student's data-protection stream: the erasure itself is part of the history (item 7).
/// <param name="SchoolCode">The student's school when asked (for the Dean's list by school); null on requests recorded before it was kept.</param>
internal sealed record ErasureRequested(string StudentId, Guid RequestId, ErasureGround Ground, string Detail, string RequestedBy, DateTimeOffset RequestedAt,
    string? SchoolCode = null);

internal sealed record ErasureApproved(string StudentId, Guid RequestId, string ApprovedBy, DateTimeOffset ApprovedAt);

internal sealed record ErasureRefused(string StudentId, Guid RequestId, string Reason, string RefusedBy, DateTimeOffset RefusedAt);

/// <summary>The student's data keys were deleted: every piece of their personal text is unreadable from here on.</summary>
internal sealed record StudentErased(string StudentId, Guid RequestId, int KeysDeleted, DateTimeOffset ErasedAt);

internal sealed record LegalHoldPlaced(string StudentId, Guid HoldId, HoldKind Kind, string Reason, DateOnly? Until, string PlacedBy, DateTimeOffset PlacedAt);

internal sealed record LegalHoldLifted(string StudentId, Guid HoldId, string LiftedBy, DateTimeOffset LiftedAt);

/// <summary>The exemptions from the right of access (Data Protection Act 2018 Sch. 2–4) a withholding is recorded under.</summary>
internal enum AccessExemption { SeriousHarm, ThirdPartyData, CrimeAndTaxation, LegalProfessionalPrivilege, ConfidentialReference, ManagementForecast, Other }

/// <summary>A record kept from the student's own view and from subject-access exports, with the exemption and its reason (issue 16 items 3, 4 and 7).</summary>
internal sealed record RecordWithheld(string StudentId, Guid WithholdingId, string RecordKind, string RecordId, AccessExemption Exemption, string Reason, string WithheldBy, DateTimeOffset WithheldAt);

internal sealed record WithholdingLifted(string StudentId, Guid WithholdingId, string LiftedBy, DateTimeOffset LiftedAt);

/// <summary>A subject-access export was produced (UK GDPR Art. 15): by whom, why, how much it held and how much was withheld.</summary>
internal sealed record SubjectAccessExported(string StudentId, string SchoolCode, Guid ExportId, string Format, int Records, int Withheld, string ExportedBy,
    IReadOnlyList<string> ExporterRoles, ReadPurpose Purpose, bool PurposeStated, DateTimeOffset ExportedAt);

/// <summary>The retention schedule erased kinds of a student's records (and, when <see cref="WholeRecord"/>, every key of theirs).</summary>
internal sealed record RetentionApplied(string StudentId, Guid RunId, IReadOnlyList<string> Kinds, bool WholeRecord, int KeysDeleted, DateTimeOffset AppliedAt);

/// <summary>A retention run finished, with its report (ADR 0085).</summary>
internal sealed record RetentionRunCompleted(Retention.RetentionReport Report);

internal static class ErasureEvents
{
    /// <summary>The aliases are the stored event types: never change one.</summary>
    public static void Register(StoreOptions options)
    {
        var events = options.Events;
        events.MapEventType<ErasureRequested>("data_protection.erasure_requested");
        events.MapEventType<ErasureApproved>("data_protection.erasure_approved");
        events.MapEventType<ErasureRefused>("data_protection.erasure_refused");
        events.MapEventType<StudentErased>("data_protection.student_erased");
        events.MapEventType<LegalHoldPlaced>("data_protection.legal_hold_placed");
        events.MapEventType<LegalHoldLifted>("data_protection.legal_hold_lifted");
        events.MapEventType<RecordWithheld>("data_protection.record_withheld");
        events.MapEventType<WithholdingLifted>("data_protection.withholding_lifted");
        events.MapEventType<SubjectAccessExported>("data_protection.subject_access_exported");
        events.MapEventType<RetentionApplied>("data_protection.retention_applied");
        events.MapEventType<RetentionRunCompleted>("data_protection.retention_run_completed");
        options.AddWriteModel<StudentPrivacy>();
    }
}
