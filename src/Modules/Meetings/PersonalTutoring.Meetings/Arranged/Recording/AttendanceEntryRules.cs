using FluentValidation;

namespace PersonalTutoring.Meetings.Arranged.Recording;

/// <summary>One tutee's attendance as a tutor records it, at an arranged meeting or at a clinic slot.</summary>
internal interface IAttendanceEntry
{
    string? StudentId { get; }

    Attendance? Attendance { get; }

    string? Reason { get; }

    string? Note { get; }
}

/// <summary>The rules of one attendance entry, the same wherever attendance is recorded (a missing entry is refused by NotNull first).</summary>
internal sealed class AttendanceEntryRules : AbstractValidator<IAttendanceEntry?>
{
    public AttendanceEntryRules()
    {
        RuleFor(x => x!.StudentId).NotEmpty().MaximumLength(100);
        RuleFor(x => x!.Attendance).NotNull().IsInEnum();
        RuleFor(x => x!.Reason).MaximumLength(1000).NotEmpty().When(x => x!.Attendance == Arranged.Attendance.AbsentWithReason)
            .WithMessage("An absence with a reason gives the reason.");
        RuleFor(x => x!.Note).MaximumLength(8000).Empty().When(x => x!.Attendance is not (Arranged.Attendance.Attended or Arranged.Attendance.Late))
            .WithMessage("A note goes with a tutee who came.");
    }
}
