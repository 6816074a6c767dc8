using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// Enums travel as their names only (any case), in JSON and in routes and queries: never numbers ("-1", "7"), never
/// comma lists ("UG, PGT" parses to a defined value by or-ing), never a value the enum does not define (issue 10 item 3).
/// </summary>
public static class StrictEnums
{
    /// <summary>The value a name stands for, when <paramref name="text"/> is exactly one of the enum's names.</summary>
    public static bool TryParseName(Type enumType, string? text, out object? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var name = Enum.GetNames(enumType).FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (name is null) return false;
        value = Enum.Parse(enumType, name);
        return true;
    }

    /// <summary>Reads and writes every enum of a JSON body or answer by name.</summary>
    public sealed class Converter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ByName<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class ByName<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(Name(value));

        private static T Parse(string? text) => TryParseName(typeof(T), text, out var value) ? (T)value! : throw new JsonException();

        // An undefined value is our bug, not the client's: fail loudly rather than send a number no client can read.
        private static string Name(T value) => Enum.GetName(value) ?? throw new JsonException($"{typeof(T).Name} has no value {value}.");
    }
}
