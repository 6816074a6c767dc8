using System.Text.Json;
using System.Text.RegularExpressions;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// One scheme for every problem's <c>type</c> (docs/adr/0052): the status code's section of RFC 9110, whatever raised
/// it (an exception, authorization, routing). A 422's business rule is told apart by its <c>code</c> extension.
/// </summary>
public static class ProblemTypes
{
    public static string For(int status) => $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
}

/// <summary>
/// Field names in errors are spelt as in the JSON the client sent: FluentValidation's <c>MeetingSchedule[0].To</c>
/// becomes <c>meetingSchedule[0].to</c>. Names that are not member paths (<c>If-Match</c>, <c>query</c>) stay as they are.
/// </summary>
public static partial class FieldNames
{
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*$")]
    private static partial Regex Member();

    public static string CamelCase(string path)
    {
        var segments = path.Split('.');
        return segments.All(s => Member().IsMatch(s)) ? string.Join('.', segments.Select(JsonNamingPolicy.CamelCase.ConvertName)) : path;
    }

    public static IDictionary<string, string[]> CamelCase(IDictionary<string, string[]> errors) =>
        errors.GroupBy(e => CamelCase(e.Key)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray());
}
