using System.Text;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.Contact.Reports;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.Tests.Unit;

/// <summary>CO-8's CSV: one record per contact point, a student with none on a record of their own, names kept intact.</summary>
public sealed class StudentRouteCsvSpecs
{
    private static readonly DateOnly From = new(2025, 9, 22), To = new(2025, 12, 12);

    private static string Csv(params VisaHolderContacts[] students) =>
        Encoding.UTF8.GetString(CsvExport.Write(StudentRouteContacts.CsvRows(new StudentRouteReport("CMP", From, To, 30, students, []))));

    [Fact]
    public void Each_contact_point_is_a_record_and_a_student_without_contact_is_one_record_with_empty_contact_columns()
    {
        var csv = Csv(
            new VisaHolderContacts("s1", "Ada", "Lovelace", [new ContactPointRow(new DateOnly(2025, 10, 1), ContactKind.IndividualMeeting, ContactDirection.TutorInitiated),
                new ContactPointRow(new DateOnly(2025, 11, 3), ContactKind.Email, ContactDirection.TuteeInitiated)], 39, true),
            new VisaHolderContacts("s2", "Bo", "Chen", [], 81, true));

        csv.Split("\r\n").Should().Equal(
            "studentId,familyName,givenName,contactDate,kind,direction,longestGapDays,overGap",
            "s1,Lovelace,Ada,2025-10-01,IndividualMeeting,TutorInitiated,39,true",
            "s1,Lovelace,Ada,2025-11-03,Email,TuteeInitiated,39,true",
            "s2,Chen,Bo,,,,81,true",
            "");
    }

    [Fact]
    public void Names_with_commas_quotes_and_line_breaks_survive_and_a_formula_is_defused()
    {
        var csv = Csv(new VisaHolderContacts("s3", "Mary \"Molly\"", "O'Neill,\nSmith", [], 10, false), new VisaHolderContacts("s4", "=cmd|' /C calc'!A0", "Doe", [], 10, false));

        csv.Should().Contain("s3,\"O'Neill,\nSmith\",\"Mary \"\"Molly\"\"\",,,,10,false\r\n");
        csv.Should().Contain("s4,Doe,\"'=cmd|' /C calc'!A0\",,,,10,false\r\n");
    }

    [Fact]
    public void The_file_is_named_for_the_school_and_the_period() =>
        StudentRouteContacts.FileName(new StudentRouteReport("CMP", From, To, 30, [], [])).Should().Be("student-route-contacts-CMP-2025-09-22-to-2025-12-12.csv");
}
