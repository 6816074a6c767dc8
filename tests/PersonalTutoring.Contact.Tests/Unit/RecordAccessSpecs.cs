using PersonalTutoring.Contact.Access;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.Tests.Unit;

/// <summary>CO-6 and CO-7: who opens a record and reads which note, as pure rules over the caller's relation.</summary>
public sealed class RecordAccessSpecs
{
    private static readonly StudentFacts Anna = new("s1", "MED", ["t-tom"], ["t-alt"]);
    private static readonly DateOnly Today = new(2025, 11, 20);
    private static readonly NoteFacts TomsConfidential = new("t-tom", Confidentiality.Confidential, ["t-tom"]);
    private static readonly NoteFacts AltsConfidential = new("t-alt", Confidentiality.Confidential, ["t-tom"]);
    private static readonly NoteFacts Standard = new("t-tom", Confidentiality.Standard, ["t-tom"]);

    private static StudentAccess As(string role, string id, params string[] schools)
    {
        var user = new CurrentUser(id, new HashSet<string> { role }, new HashSet<string>(schools, StringComparer.OrdinalIgnoreCase));
        return new StudentAccess(user, Anna, ResourceAccess.Relate(user, Anna));
    }

    [Theory]
    [InlineData(Roles.Tutor, "t-tom", true, true)]          // current tutor: everything
    [InlineData(Roles.Tutor, "t-alt", true, false)]         // stand-in: standard notes, not another's confidential ones
    [InlineData(Roles.SeniorTutor, "st-med", true, false)]  // Senior Tutor of the school: standard notes only
    [InlineData(Roles.Tutor, "t-former", false, false)]     // former tutor after handover: nothing
    [InlineData(Roles.Dean, "dean", false, false)]
    [InlineData(Roles.Auditor, "aud", false, false)]        // auditors never see text
    [InlineData(Roles.SupportTeam, "sup", false, false)]    // nothing without consent or breach
    public void Note_text_goes_only_to_the_roles_the_rules_name(string role, string id, bool standard, bool confidential)
    {
        var access = As(role, id, "MED");
        RecordAccess.CanReadText(access, Standard, null).Should().Be(standard);
        RecordAccess.CanReadText(access, TomsConfidential, null).Should().Be(confidential);
    }

    [Fact]
    public void The_author_of_a_confidential_note_reads_it_while_they_still_stand_towards_the_student() =>
        RecordAccess.CanReadText(As(Roles.Tutor, "t-alt"), AltsConfidential, null).Should().BeTrue();

    [Fact]
    public void AL8_a_new_tutor_after_handover_reads_standard_notes_but_not_confidential_ones_made_to_the_former_tutor()
    {
        var formerTutorsNote = new NoteFacts("t-former", Confidentiality.Confidential, ["t-former"]);
        RecordAccess.CanReadText(As(Roles.Tutor, "t-tom"), formerTutorsNote, null).Should().BeFalse();
        RecordAccess.CanReadText(As(Roles.Tutor, "t-tom"), Standard with { AuthorId = "t-former" }, null).Should().BeTrue();
    }

    [Fact]
    public void A_senior_tutor_of_another_school_opens_nothing() =>
        RecordAccess.CanOpenRecord(As(Roles.SeniorTutor, "st-eng", "ENG"), null).Should().BeFalse();

    [Fact]
    public void Auditors_and_the_dean_open_the_record_but_read_no_text()
    {
        RecordAccess.CanOpenRecord(As(Roles.Auditor, "aud"), null).Should().BeTrue();
        RecordAccess.CanReadText(As(Roles.Auditor, "aud"), Standard, ConsentScope.AllNotes).Should().BeFalse();
        RecordAccess.CanOpenRecord(As(Roles.Dean, "dean"), null).Should().BeTrue();
    }

    [Fact]
    public void CO7_the_support_team_reads_what_the_consent_covers()
    {
        var support = As(Roles.SupportTeam, "sup");
        RecordAccess.CanOpenRecord(support, ConsentScope.StandardNotes).Should().BeTrue();
        RecordAccess.CanReadText(support, Standard, ConsentScope.StandardNotes).Should().BeTrue();
        RecordAccess.CanReadText(support, TomsConfidential, ConsentScope.StandardNotes).Should().BeFalse();
        RecordAccess.CanReadText(support, TomsConfidential, ConsentScope.AllNotes).Should().BeTrue();
    }

    private static readonly Guid ConsentId = Guid.NewGuid();

    [Fact]
    public void CO7_sharing_needs_a_support_team_referral_on_live_consent()
    {
        var consents = new Dictionary<Guid, ConsentFacts> { [ConsentId] = new(ConsentScope.AllNotes, new DateOnly(2025, 12, 31), false) };
        RecordAccess.SupportTeamScope([], consents, Today).Should().BeNull("consent alone shares nothing: sharing is done by a referral");
        RecordAccess.SupportTeamScope([new(ReferralService.Counselling, ConsentId, false, Progress.Open)], consents, Today).Should().BeNull();
        RecordAccess.SupportTeamScope([new(ReferralService.SupportTeam, ConsentId, false, Progress.Open)], consents, Today).Should().Be(ConsentScope.AllNotes);
        RecordAccess.SupportTeamScope([new(ReferralService.SupportTeam, ConsentId, false, Progress.Open)], consents, new DateOnly(2026, 1, 1))
            .Should().BeNull("the consent has ended");
    }

    [Fact]
    public void CO7_revoked_consent_stops_sharing()
    {
        var consents = new Dictionary<Guid, ConsentFacts> { [ConsentId] = new(ConsentScope.AllNotes, null, true) };
        RecordAccess.SupportTeamScope([new(ReferralService.SupportTeam, ConsentId, false, Progress.Open)], consents, Today).Should().BeNull();
    }

    [Fact]
    public void CO7_a_breach_justification_shares_everything_until_the_referral_closes()
    {
        RecordAccess.SupportTeamScope([new(ReferralService.SupportTeam, null, true, Progress.Acknowledged)], new Dictionary<Guid, ConsentFacts>(), Today)
            .Should().Be(ConsentScope.AllNotes);
        RecordAccess.SupportTeamScope([new(ReferralService.SupportTeam, null, true, Progress.Closed)], new Dictionary<Guid, ConsentFacts>(), Today)
            .Should().BeNull();
    }

    [Fact]
    public void Only_the_author_or_the_current_tutor_amends_a_note()
    {
        RecordAccess.CanAmend(As(Roles.Tutor, "t-tom"), AltsConfidential, null).Should().BeTrue();
        RecordAccess.CanAmend(As(Roles.Tutor, "t-alt"), AltsConfidential, null).Should().BeTrue();
        RecordAccess.CanAmend(As(Roles.SeniorTutor, "st-med", "MED"), Standard, null).Should().BeFalse();
    }
}
