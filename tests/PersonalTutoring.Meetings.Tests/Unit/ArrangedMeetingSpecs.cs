using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Meetings.Arranged;
using PersonalTutoring.Meetings.Arranged.Answering;
using PersonalTutoring.Meetings.Arranged.Arranging;
using PersonalTutoring.Meetings.Arranged.Recording;
using PersonalTutoring.Meetings.Arranged.Rooms;
using static PersonalTutoring.TestKit.HandWorkedCalendar;

namespace PersonalTutoring.Meetings.Tests.Unit;

public sealed class ArrangedMeetingSpecs
{
    private static readonly DateTimeOffset Now = London(2025, 10, 1, 9);
    private static readonly DateTimeOffset At = London(2025, 10, 6, 11);
    private static readonly Guid Meeting = Guid.NewGuid();

    private static MeetingArranged Arranged(params string[] invitees) =>
        new(Meeting, "t-tom", "MED", MeetingPurpose.Welcome, MeetingFormat.InPerson, At.ToUniversalTime(), At.AddMinutes(30).ToUniversalTime(), "G01", null, invitees, "t-tom", Now);

    private static ArrangeMeeting.Request Arrange(DateTimeOffset at, params string?[] invitees) => new(at, 30, MeetingFormat.InPerson, MeetingPurpose.Welcome, "G01", null, invitees);

    [Fact]
    public void ME1_a_welcome_meeting_invites_each_tutee_once() =>
        Spec<ArrangedMeeting>.Given()
            .When(s => ArrangeMeeting.Decide(s, Meeting, Arrange(At, "s1", " s2 ", "s1"), "t-tom", "MED", "t-tom", Now))
            .Then(Arranged("s1", "s2"));

    [Fact]
    public void A_meeting_is_arranged_for_the_future() =>
        Spec<ArrangedMeeting>.Given()
            .When(s => ArrangeMeeting.Decide(s, Meeting, Arrange(Now, "s1"), "t-tom", "MED", "t-tom", Now))
            .ThenRefused("meeting-in-past");

    [Fact]
    public void A_retried_arrangement_arranges_nothing_more() =>
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => ArrangeMeeting.Decide(s, Meeting, Arrange(At, "s1"), "t-tom", "MED", "t-tom", Now))
            .ThenNothing();

    [Fact]
    public void Only_an_invitee_answers_and_only_before_the_meeting()
    {
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => AnswerInvitation.Decide(s, Meeting, "s2", new(true, null), Now))
            .ThenThrows<NotFoundException>();
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => AnswerInvitation.Decide(s, Meeting, "s1", new(true, null), At))
            .ThenRefused("meeting-started");
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => AnswerInvitation.Decide(s, Meeting, "s1", new(false, " Clash "), Now))
            .Then(new InvitationAnswered(Meeting, "s1", false, "Clash", Now));
    }

    [Fact]
    public void The_same_answer_again_records_nothing() =>
        Spec<ArrangedMeeting>.Given(Arranged("s1"), new InvitationAnswered(Meeting, "s1", true, null, Now))
            .When(s => AnswerInvitation.Decide(s, Meeting, "s1", new(true, null), Now))
            .ThenNothing();

    private static RecordAttendance.Request Marks(params (string Id, Attendance A, string? Reason)[] entries) =>
        new([.. entries.Select(e => new RecordAttendance.Entry(e.Id, e.A, e.Reason, null, null))]);

    [Fact]
    public void Attendance_names_every_invitee_once_and_no_one_else()
    {
        var later = At.AddMinutes(31);
        Spec<ArrangedMeeting>.Given(Arranged("s1", "s2"))
            .When(s => RecordAttendance.Decide(s, Meeting, Marks(("s1", Attendance.Attended, null)), "t-tom", later))
            .ThenRefused("attendance-incomplete");
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => RecordAttendance.Decide(s, Meeting, Marks(("s1", Attendance.Late, null), ("s9", Attendance.NoShow, null)), "t-tom", later))
            .ThenRefused("attendance-incomplete");
        Spec<ArrangedMeeting>.Given(Arranged("s1", "s2"))
            .When(s => RecordAttendance.Decide(s, Meeting, Marks(("s1", Attendance.Late, null), ("s2", Attendance.AbsentWithReason, " Ill ")), "t-tom", later))
            .Then(new MeetingHeld(Meeting, "t-tom", "MED", [new("s1", Attendance.Late, null), new("s2", Attendance.AbsentWithReason, "Ill")], "t-tom", later));
    }

    [Fact]
    public void Attendance_is_recorded_once_and_not_before_the_meeting()
    {
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => RecordAttendance.Decide(s, Meeting, Marks(("s1", Attendance.NoShow, null)), "t-tom", Now))
            .ThenRefused("meeting-not-started");
        Spec<ArrangedMeeting>.Given(Arranged("s1"), new MeetingHeld(Meeting, "t-tom", "MED", [new("s1", Attendance.NoShow, null)], "t-tom", At))
            .When(s => RecordAttendance.Decide(s, Meeting, Marks(("s1", Attendance.NoShow, null)), "t-tom", At.AddHours(1)))
            .ThenRefused("attendance-recorded");
    }

    [Fact]
    public void ME8_a_room_is_requested_once_before_the_meeting_and_granted_or_declined_only_while_pending()
    {
        var request = new PrivateRooms.RequestRoom(4, " Hearing loop ");
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => PrivateRooms.Request(s, Meeting, request, "t-tom", Now))
            .Then(new RoomRequested(Meeting, "t-tom", "MED", 4, "Hearing loop", "t-tom", Now));
        Spec<ArrangedMeeting>.Given(Arranged("s1"), new RoomRequested(Meeting, "t-tom", "MED", 4, null, "t-tom", Now))
            .When(s => PrivateRooms.Request(s, Meeting, request, "t-tom", Now))
            .ThenRefused("room-already-requested");
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => PrivateRooms.Request(s, Meeting, request, "t-tom", At))
            .ThenRefused("meeting-started");
        Spec<ArrangedMeeting>.Given(Arranged("s1"))
            .When(s => PrivateRooms.Grant(s, Meeting, "3.02", "support-1", Now))
            .ThenRefused("no-pending-room-request");
        Spec<ArrangedMeeting>.Given(Arranged("s1"), new RoomRequested(Meeting, "t-tom", "MED", 4, null, "t-tom", Now))
            .When(s => PrivateRooms.Decline(s, Meeting, " Full ", "support-1", Now))
            .Then(new RoomDeclined(Meeting, "Full", "support-1", Now));
    }
}
