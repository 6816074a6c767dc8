using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PersonalTutoring.BuildingBlocks.Privacy;

/// <summary>
/// How <see cref="PersonalText"/> is stored (Marten's serializer: events and documents): <c>{"s": subject, "k": key
/// version, "c": base64(AES-GCM)}</c>, the ciphertext bound to its subject and key version. A subject whose keys are
/// deleted reads back as erased. A plain string (written before the field was protected) reads back as it is.
/// </summary>
public sealed class StoredPersonalTextConverter(SubjectKeys keys) : JsonConverter<PersonalText>
{
    public override PersonalText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new PersonalText("", reader.GetString());
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Personal text is an object {s, k, c}.");
        string? subject = null, cipher = null;
        var version = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "s": subject = reader.GetString(); break;
                case "k": version = reader.GetInt32(); break;
                case "c": cipher = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }
        if (subject is null || cipher is null) throw new JsonException("Personal text needs its subject (s) and ciphertext (c).");
        return keys.ForReading(subject, version) is { } key
            ? new PersonalText(subject, Encoding.UTF8.GetString(Aead.Open(key, Convert.FromBase64String(cipher), Context(subject, version))))
            : new PersonalText(subject, null);
    }

    public override void Write(Utf8JsonWriter writer, PersonalText value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("s", value.Subject);
        if (value.Value is { } text)
        {
            var (version, key) = keys.ForWriting(value.Subject);
            writer.WriteNumber("k", version);
            writer.WriteString("c", Convert.ToBase64String(Aead.Seal(key, Encoding.UTF8.GetBytes(text), Context(value.Subject, version))));
        }
        else
        {
            // Already erased (a read model folded after the erasure): nothing to encrypt, and no key to find.
            writer.WriteNumber("k", 0);
            writer.WriteString("c", "");
        }
        writer.WriteEndObject();
    }

    private static byte[] Context(string subject, int version) => Encoding.UTF8.GetBytes($"personal-text|{subject}|{version}");
}

/// <summary>How <see cref="PersonalText"/> leaves the API: its text, or "[erased]". The API never accepts one.</summary>
public sealed class ApiPersonalTextConverter : JsonConverter<PersonalText>
{
    public override PersonalText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("Personal text is not accepted in a request.");

    public override void Write(Utf8JsonWriter writer, PersonalText value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
