using Marten;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.DataProtection.Erasure;

/// <summary>The grounds for erasure of UK GDPR Article 17(1).</summary>
internal enum ErasureGround { NoLongerNecessary, ConsentWithdrawn, ObjectionUpheld, UnlawfullyProcessed, LegalObligation }

/// <summary>Why a student's records must be kept for now, whatever is asked.</summary>
internal enum HoldKind { FitnessToPractise, VisaReporting, LegalClaim, Other }

// Every step is an event on the student's data-protection stream: the erasure itself is part of the history (item 7).
internal sealed record ErasureRequested(string StudentId, Guid RequestId, ErasureGround Ground, string Detail, string RequestedBy, DateTimeOffset RequestedAt);

internal sealed record ErasureApproved(string StudentId, Guid RequestId, string ApprovedBy, DateTimeOffset ApprovedAt);

internal sealed record ErasureRefused(string StudentId, Guid RequestId, string Reason, string RefusedBy, DateTimeOffset RefusedAt);

/// <summary>The student's data keys were deleted: every piece of their personal text is unreadable from here on.</summary>
internal sealed record StudentErased(string StudentId, Guid RequestId, int KeysDeleted, DateTimeOffset ErasedAt);

internal sealed record LegalHoldPlaced(string StudentId, Guid HoldId, HoldKind Kind, string Reason, DateOnly? Until, string PlacedBy, DateTimeOffset PlacedAt);

internal sealed record LegalHoldLifted(string StudentId, Guid HoldId, string LiftedBy, DateTimeOffset LiftedAt);

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
        options.AddWriteModel<StudentPrivacy>();
    }
}
