using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersonalTutoring.Allocation.Students.Upserting;

/// <summary>
/// Reads one batch row field by field (issue 10 item 11): a value of the wrong type (a level of "Bachelor", a year of
/// "second") is that row's error, reported by index with the other rows applied, as the integration contract says;
/// a typed binding would refuse the whole batch for it. Every field is read with the API's own JSON options, so a row
/// accepts exactly what a single PUT accepts. The API docs still show the row's fields (Swashbuckle documents the
/// record's properties, not its converter).
/// </summary>
internal sealed class BatchRowReader : JsonConverter<UpsertStudentsBatch.Row>
{
    private static readonly ParameterInfo[] Fields = typeof(UpsertStudentsBatch.Row).GetConstructors().Single().GetParameters();

    public override UpsertStudentsBatch.Row? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var row = JsonElement.ParseValue(ref reader);
        if (row.ValueKind == JsonValueKind.Null) return null;
        var values = new object?[Fields.Length];
        var errors = new Dictionary<string, string[]>();
        if (row.ValueKind != JsonValueKind.Object)
            errors["row"] = ["A row is a JSON object with the student's fields."];
        else
            for (var i = 0; i < Fields.Length; i++)
            {
                var field = Fields[i];
                if (!TryGet(row, JsonName(field, options), out var value)) continue;
                try { values[i] = value.Deserialize(field.ParameterType, options); }
                catch (JsonException) { errors[field.Name!] = [Expected(field)]; }
            }
        return ((UpsertStudentsBatch.Row)Activator.CreateInstance(typeof(UpsertStudentsBatch.Row), values)!) with { TypeErrors = errors };
    }

    public override void Write(Utf8JsonWriter writer, UpsertStudentsBatch.Row value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var field in Fields)
        {
            writer.WritePropertyName(JsonName(field, options));
            JsonSerializer.Serialize(writer, typeof(UpsertStudentsBatch.Row).GetProperty(field.Name!)!.GetValue(value), field.ParameterType, options);
        }
        writer.WriteEndObject();
    }

    private static string JsonName(ParameterInfo field, JsonSerializerOptions options) => options.PropertyNamingPolicy?.ConvertName(field.Name!) ?? field.Name!;

    private static bool TryGet(JsonElement row, string name, out JsonElement value)
    {
        foreach (var property in row.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) { value = property.Value; return true; }
        value = default;
        return false;
    }

    private static string Expected(ParameterInfo field)
    {
        var type = Nullable.GetUnderlyingType(field.ParameterType) ?? field.ParameterType;
        return type switch
        {
            _ when type.IsEnum => $"{field.Name} must be one of {string.Join(", ", Enum.GetNames(type))}.",
            _ when type == typeof(int) => $"{field.Name} must be a whole number.",
            _ when type == typeof(DateOnly) => $"{field.Name} must be a date written yyyy-MM-dd.",
            _ when type == typeof(bool) => $"{field.Name} must be true or false.",
            _ => $"{field.Name} must be text.",
        };
    }
}
