namespace PersonalTutoring.BuildingBlocks.Privacy;

/// <summary>
/// A piece of personal data of one data subject (a student): stored encrypted under that subject's key, so that
/// deleting the key erases it everywhere it was written — events, documents, rebuilt read models — while the event
/// itself, its order and what it counts for stay (docs/adr/0076). Shown as its text, or <see cref="ErasedText"/>.
/// </summary>
public sealed record PersonalText(string Subject, string? Value)
{
    public const string ErasedText = "[erased]";

    /// <summary>The subject's key is gone: the text can never be read again.</summary>
    public bool IsErased => Value is null;

    public string Text => Value ?? ErasedText;

    public static PersonalText Of(string subject, string text) => new(subject, text);

    public override string ToString() => Text;
}
