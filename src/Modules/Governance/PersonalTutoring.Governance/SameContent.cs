using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersonalTutoring.Governance;

/// <summary>
/// Value equality for decision content (a policy's terms, a calendar): records compare lists by reference, so two
/// contents are the same when they serialise the same. Only compared with itself, so any stable shape will do.
/// </summary>
internal static class SameContent
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static bool Equal<T>(T first, T second) => JsonSerializer.Serialize(first, Json) == JsonSerializer.Serialize(second, Json);
}
