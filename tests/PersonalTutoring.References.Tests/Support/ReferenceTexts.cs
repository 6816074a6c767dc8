using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Contracts;

namespace PersonalTutoring.References.Tests.Support;

/// <summary>Student s1's reference text as the deciders write it: personal text under the reference kind's key.</summary>
public static class ReferenceTexts
{
    public static PersonalText Of(string text) => PersonalText.Of("s1", SubjectRecordKinds.IssuedReference, text);
}
