using PersonalTutoring.Governance.Schools;
using PersonalTutoring.Governance.Schools.RegisteringSchool;

namespace PersonalTutoring.Governance.Tests.Unit;

public sealed class RegisterSchoolSpecs
{
    private static readonly DateTimeOffset Now = new(2025, 8, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_school_is_registered() =>
        Spec<School>.Given()
            .When(s => RegisterSchool.Decide(s, "MED", new("Medical School", "Life Sciences"), Now))
            .Then(new SchoolRegistered("MED", "Medical School", "Life Sciences", Now));

    [Fact]
    public void The_same_details_again_decide_nothing() =>
        Spec<School>.Given(new SchoolRegistered("MED", "Medical School", null, Now))
            .When(s => RegisterSchool.Decide(s, "MED", new(" Medical School ", ""), Now))
            .ThenNothing();

    [Fact]
    public void New_details_are_a_change() =>
        Spec<School>.Given(new SchoolRegistered("MED", "Medical School", null, Now))
            .When(s => RegisterSchool.Decide(s, "MED", new("UCL Medical School", "UCL"), Now))
            .Then(new SchoolDetailsChanged("MED", "UCL Medical School", "UCL", Now));
}
