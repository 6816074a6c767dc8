namespace PersonalTutoring.BuildingBlocks.Privacy;

/// <summary>
/// A piece of personal data of one data subject (a student): stored encrypted under that subject's key, so that
/// deleting the key erases it everywhere it was written — events, documents, rebuilt read models — while the event
/// itself, its order and what it counts for stay (docs/adr/0076). Shown as its text, or <see cref="ErasedText"/>.
/// </summary>
public sealed record PersonalText(string Subject, string? Value)
{
    public const string ErasedText = "[erased]";

    /// <summary>Text a reader may not see: shown empty, which is not the same as erased.</summary>
    public static readonly PersonalText Withheld = new("", "");

    /// <summary>The subject's key is gone: the text can never be read again.</summary>
    public bool IsErased => Value is null;

    public string Text => Value ?? ErasedText;

    public static PersonalText Of(string subject, string text) => new(subject, text);

    /// <summary>A student's text of one kind of record, under the key of that kind (so a retention period can erase one kind, ADR 0085).</summary>
    public static PersonalText Of(string studentId, string kind, string text) => new(PersonalSubjects.Of(studentId, kind), text);

    public override string ToString() => Text;
}

/// <summary>
/// Key subjects: a student (<c>s1</c>, every key of theirs) or one kind of a student's records (<c>s1#confidential-note</c>).
/// Erasing a student erases every kind; erasing a kind leaves the others (ADR 0085).
/// </summary>
public static class PersonalSubjects
{
    public const char Separator = '#';

    public static string Of(string studentId, string kind) => $"{studentId}{Separator}{kind}";

    /// <summary>The student a subject belongs to: the subject itself, or the part before the kind.</summary>
    public static string StudentOf(string subject) => subject.Split(Separator)[0];
}
