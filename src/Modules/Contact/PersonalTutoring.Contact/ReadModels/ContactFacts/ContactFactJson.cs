using System.Text.Json;
using System.Text.Json.Serialization;
using PersonalTutoring.Contact.ContactLogs;

namespace PersonalTutoring.Contact.ReadModels.ContactFacts;

/// <summary>
/// The stored form of a KPI fact (docs/adr/0090): a JSON array, not an object — a school's answer reads tens of
/// thousands of them, and reading property names, ISO dates and enum names was most of what its rows cost to read.
/// Instants are UTC ticks (exact to the tick, as the reply clock's comparisons need; the offset is not kept, no rule
/// reads it); kinds and directions are codes from the fixed tables below, so reordering the enums changes nothing
/// stored, and a new member without a code fails on write instead of being stored wrong.
/// Rows written before (objects with short property names) are still read, until a rebuild writes them again.
/// </summary>
internal static class ContactFactJson
{
    private static readonly ContactKind[] Kinds =
        [ContactKind.IndividualMeeting, ContactKind.GroupMeeting, ContactKind.Email, ContactKind.Call, ContactKind.VideoCall, ContactKind.TeachingEvent, ContactKind.Message];

    private static readonly ContactDirection[] Directions = [ContactDirection.TutorInitiated, ContactDirection.TuteeInitiated];

    private const int Enquired = 1, ResponseKnown = 2, Responded = 4;

    /// <summary><c>[id, kind, direction, at, recorded, flags(, due(, replied))]</c>; the reply clock only when set.</summary>
    internal sealed class Contacts : JsonConverter<ContactFact>
    {
        public override ContactFact Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.StartObject) return ReadObject(ref reader);
            Expect(ref reader, JsonTokenType.StartArray);
            var id = NextGuid(ref reader);
            var kind = Code(Kinds, NextInt(ref reader));
            var direction = Code(Directions, NextInt(ref reader));
            var at = NextInstant(ref reader);
            var recorded = NextInstant(ref reader);
            var flags = NextInt(ref reader);
            DateTimeOffset? due = null, replied = null;
            if (Next(ref reader) != JsonTokenType.EndArray)
            {
                due = MaybeInstant(ref reader);
                if (Next(ref reader) != JsonTokenType.EndArray)
                {
                    replied = MaybeInstant(ref reader);
                    Expect(ref reader, JsonTokenType.EndArray, advance: true);
                }
            }
            return new ContactFact(id, kind, direction, at, recorded, (flags & Enquired) != 0,
                (flags & ResponseKnown) != 0 ? (flags & Responded) != 0 : null, due, replied);
        }

        public override void Write(Utf8JsonWriter writer, ContactFact value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(value.ContactId);
            writer.WriteNumberValue(CodeOf(Kinds, value.Kind));
            writer.WriteNumberValue(CodeOf(Directions, value.Direction));
            writer.WriteNumberValue(value.OccurredAt.UtcTicks);
            writer.WriteNumberValue(value.RecordedAt.UtcTicks);
            writer.WriteNumberValue((value.EnquiredAboutProgressAndWellbeing ? Enquired : 0)
                | (value.TuteeResponded is { } responded ? ResponseKnown | (responded ? Responded : 0) : 0));
            if (value.ReplyDueAt is not null || value.RepliedAt is not null)
            {
                WriteInstant(writer, value.ReplyDueAt);
                if (value.RepliedAt is { } replied) writer.WriteNumberValue(replied.UtcTicks);
            }
            writer.WriteEndArray();
        }

        /// <summary>The form written before the array: <c>{"id","k","d","at","rec","enq","resp"?,"due"?,"rep"?}</c>.</summary>
        private static ContactFact ReadObject(ref Utf8JsonReader reader)
        {
            Guid id = default;
            ContactKind kind = default;
            ContactDirection direction = default;
            DateTimeOffset at = default, recorded = default;
            bool enquired = false;
            bool? responded = null;
            DateTimeOffset? due = null, replied = null;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "id": id = reader.GetGuid(); break;
                    case "k": kind = Enum.Parse<ContactKind>(reader.GetString()!); break;
                    case "d": direction = Enum.Parse<ContactDirection>(reader.GetString()!); break;
                    case "at": at = reader.GetDateTimeOffset(); break;
                    case "rec": recorded = reader.GetDateTimeOffset(); break;
                    case "enq": enquired = reader.GetBoolean(); break;
                    case "resp": responded = reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean(); break;
                    case "due": due = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset(); break;
                    case "rep": replied = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset(); break;
                    default: reader.Skip(); break;
                }
            }
            return new ContactFact(id, kind, direction, at, recorded, enquired, responded, due, replied);
        }
    }

    /// <summary><c>[id, at]</c>.</summary>
    internal sealed class Dated : JsonConverter<DatedFact>
    {
        public override DatedFact Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                Guid id = default;
                DateTimeOffset at = default;
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (name == "id") id = reader.GetGuid();
                    else if (name == "at") at = reader.GetDateTimeOffset();
                    else reader.Skip();
                }
                return new DatedFact(id, at);
            }
            Expect(ref reader, JsonTokenType.StartArray);
            var fact = new DatedFact(NextGuid(ref reader), NextInstant(ref reader));
            Expect(ref reader, JsonTokenType.EndArray, advance: true);
            return fact;
        }

        public override void Write(Utf8JsonWriter writer, DatedFact value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(value.Id);
            writer.WriteNumberValue(value.At.UtcTicks);
            writer.WriteEndArray();
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) => reader.Read() ? reader.TokenType : throw new JsonException("The KPI fact ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, bool advance = false)
    {
        if ((advance ? Next(ref reader) : reader.TokenType) != token) throw new JsonException($"A KPI fact expected {token}, found {reader.TokenType}.");
    }

    private static Guid NextGuid(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetGuid();
    }

    private static int NextInt(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetInt32();
    }

    private static DateTimeOffset NextInstant(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return Instant(ref reader);
    }

    private static DateTimeOffset? MaybeInstant(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : Instant(ref reader);

    private static DateTimeOffset Instant(ref Utf8JsonReader reader) => new(reader.GetInt64(), TimeSpan.Zero);

    private static void WriteInstant(Utf8JsonWriter writer, DateTimeOffset? at)
    {
        if (at is { } value) writer.WriteNumberValue(value.UtcTicks);
        else writer.WriteNullValue();
    }

    private static T Code<T>(T[] table, int code) where T : struct, Enum =>
        (uint)code < (uint)table.Length ? table[code] : throw new JsonException($"Unknown {typeof(T).Name} code {code} in a KPI fact.");

    private static int CodeOf<T>(T[] table, T value) where T : struct, Enum =>
        Array.IndexOf(table, value) is var code and >= 0 ? code : throw new JsonException($"{typeof(T).Name}.{value} has no code in the KPI facts' stored form.");
}
