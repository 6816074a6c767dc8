using MimeKit;
using PersonalTutoring.Allocation.Notifications.Mail;

namespace PersonalTutoring.Allocation.Tests.Unit.Mail;

/// <summary>An email another module asked for with an iCalendar (Meetings' booking invitations and cancellations) carries it as invite.ics.</summary>
public sealed class CalendarAttachmentTests
{
    private const string Cancel = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:booking-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    [Fact]
    public void The_calendar_is_an_attachment_whose_content_type_names_its_method()
    {
        var message = MailMessages.Build(new MailEnvelope("n1", "s1@example.ac.uk", "Cancelled", "Your booking is cancelled.", DateTimeOffset.UnixEpoch, Cancel), new MailOptions());

        var parts = message.BodyParts.ToList();
        parts.Should().HaveCount(2);
        ((TextPart)parts[0]).Text.Should().Be("Your booking is cancelled.");
        var invite = (TextPart)parts[1];
        invite.ContentType.MimeType.Should().Be("text/calendar");
        invite.ContentType.Parameters["method"].Should().Be("CANCEL");
        invite.FileName.Should().Be("invite.ics");
        invite.Text.Should().Contain("UID:booking-1");
    }

    [Fact]
    public void Without_a_calendar_the_email_stays_one_plain_text_part() =>
        MailMessages.Build(new MailEnvelope("n1", "s1@example.ac.uk", "Hello", "Text", DateTimeOffset.UnixEpoch), new MailOptions()).Body
            .Should().BeOfType<TextPart>().Which.IsPlain.Should().BeTrue();
}
