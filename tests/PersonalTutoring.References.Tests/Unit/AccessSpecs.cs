using PersonalTutoring.References.Access;
using PersonalTutoring.References.ReadModels;
using PersonalTutoring.References.Requests;

namespace PersonalTutoring.References.Tests.Unit;

/// <summary>Issue 13 item 6: how each caller stands towards a request, and what of it they see.</summary>
public sealed class AccessSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);

    private static ReferenceRequestView Request(bool concern = false) => new(
        Guid.NewGuid().ToString(), "s1", "MED", ReferenceKind.Employment, "Acme", new(2026, 2, 1), "A job in finance", new(false, false), "t-author", false,
        concern ? RequestStatus.WithSupportTeam : RequestStatus.Accepted, Now, Now, null,
        concern ? new ConcernView("Worried about fairness", Now, null, null, null) : null, 1, Now,
        [new IssuedVersionView(1, "t-author", "Acme", Now, new(2024, 9, 1), null, "Personal tutor", "abc", null, null, true, "Asked by the recipient")]);

    private static CurrentUser User(string id, string role, params string[] schools) =>
        new(id, new HashSet<string> { role }, new HashSet<string>(schools, StringComparer.OrdinalIgnoreCase));

    [Theory]
    [InlineData("t-author", Roles.Tutor, "Author")]
    [InlineData("t-current", Roles.Tutor, "CurrentTutor")]
    [InlineData("t-other", Roles.Tutor, "None")]
    [InlineData("s1", Roles.Student, "Tutee")]
    [InlineData("s2", Roles.Student, "None")]
    [InlineData("dean", Roles.Dean, "Oversight")]
    [InlineData("aud", Roles.Auditor, "Oversight")]
    [InlineData("sup", Roles.SupportTeam, "None")]
    [InlineData("gov", Roles.Governance, "None")]
    [InlineData("int", Roles.Integration, "None")]
    [InlineData("adm", Roles.Admin, "None")]
    public void Each_caller_stands_towards_a_request_without_a_concern(string id, string role, string expected) =>
        ReferenceAccess.Relate(User(id, role), Request(), ["t-current"]).Should().Be(Enum.Parse<ReferenceRelation>(expected));

    [Fact]
    public void The_Support_Team_stands_towards_a_request_only_once_a_tutor_raised_a_concern() =>
        ReferenceAccess.Relate(User("sup", Roles.SupportTeam), Request(concern: true), ["t-current"]).Should().Be(ReferenceRelation.SupportTeam);

    [Fact]
    public void A_Senior_Tutor_stands_towards_the_requests_of_their_school_only()
    {
        ReferenceAccess.Relate(User("st", Roles.SeniorTutor, "MED"), Request(), []).Should().Be(ReferenceRelation.SchoolSeniorTutor);
        ReferenceAccess.Relate(User("st", Roles.SeniorTutor, "ENG"), Request(), []).Should().Be(ReferenceRelation.None);
    }

    [Fact]
    public void The_Dean_sees_that_it_exists_and_its_metadata_never_its_free_text()
    {
        var request = Request(concern: true);
        var seen = ReferenceAccess.Shape(new ReferenceCaller(User("dean", Roles.Dean), request, ReferenceRelation.Oversight));
        seen.Purpose.Should().BeEmpty();
        seen.Concern!.Concern.Should().BeEmpty();
        seen.Issued.Single().ConfidentialReason.Should().BeEmpty();
        seen.Issued.Single().ContentHash.Should().Be("abc");
        seen.Recipient.Should().Be("Acme");
    }

    [Fact]
    public void The_tutee_does_not_see_the_tutors_concern()
    {
        var seen = ReferenceAccess.Shape(new ReferenceCaller(User("s1", Roles.Student), Request(concern: true), ReferenceRelation.Tutee));
        seen.Concern.Should().BeNull();
        seen.Purpose.Should().Be("A job in finance");
    }

    [Fact]
    public void Tutors_and_the_Support_Team_see_the_whole_request()
    {
        var request = Request(concern: true);
        ReferenceAccess.Shape(new ReferenceCaller(User("sup", Roles.SupportTeam), request, ReferenceRelation.SupportTeam)).Should().BeSameAs(request);
        ReferenceAccess.Shape(new ReferenceCaller(User("t-current", Roles.Tutor), request, ReferenceRelation.CurrentTutor)).Should().BeSameAs(request);
    }
}
