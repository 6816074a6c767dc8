using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>The one JSON shape of stored events and documents: camelCase, enums as names.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
