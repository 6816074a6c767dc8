using System.Collections.Concurrent;
using System.Text.Json;

namespace PersonalTutoring.BuildingBlocks.EventSourcing;

/// <summary>
/// Maps event CLR types to stable aliases stored in <c>mt_events.type</c>, and old aliases to upcasters,
/// so that renaming a class never orphans stored events and an old event shape can be read as the new one.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<Type, string> aliasByType = new();
    private readonly ConcurrentDictionary<string, Type> typeByAlias = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<JsonElement, object>> upcasters = new(StringComparer.Ordinal);

    public EventTypeRegistry Register<T>(string alias) where T : class => Register(typeof(T), alias);

    public EventTypeRegistry Register(Type type, string alias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        if (typeByAlias.TryGetValue(alias, out var existing) && existing != type)
            throw new InvalidOperationException($"Event alias '{alias}' is already registered for {existing.Name}.");
        if (aliasByType.TryGetValue(type, out var existingAlias) && existingAlias != alias)
            throw new InvalidOperationException($"{type.Name} is already registered as '{existingAlias}'.");
        aliasByType[type] = alias;
        typeByAlias[alias] = type;
        return this;
    }

    /// <summary>
    /// Reads events stored under <paramref name="oldAlias"/> through <paramref name="upcast"/>, which returns the current shape.
    /// </summary>
    public EventTypeRegistry Upcast<TOld, TNew>(string oldAlias, Func<TOld, TNew> upcast) where TNew : class =>
        Upcast(oldAlias, json => upcast(json.Deserialize<TOld>(EventJson.Options)!));

    public EventTypeRegistry Upcast(string oldAlias, Func<JsonElement, object> upcast)
    {
        if (typeByAlias.ContainsKey(oldAlias))
            throw new InvalidOperationException($"'{oldAlias}' is a live alias; an upcaster is for retired aliases only.");
        upcasters[oldAlias] = upcast;
        return this;
    }

    public string AliasFor(Type type) =>
        aliasByType.TryGetValue(type, out var alias)
            ? alias
            : throw new UnknownEventTypeException($"{type.FullName} is not a registered event type; register it with a stable alias.");

    public Type? TypeFor(string alias) => typeByAlias.GetValueOrDefault(alias);

    public IEnumerable<string> AliasesOf(IEnumerable<Type> types) => types.Select(AliasFor);

    /// <summary>Every alias that reads as one of <paramref name="types"/>, retired (upcast) aliases included.</summary>
    public IReadOnlyCollection<string> AliasesReadingAs(IReadOnlyCollection<Type> types)
    {
        var live = types.Select(AliasFor).ToHashSet(StringComparer.Ordinal);
        return live.Concat(upcasters.Keys).ToArray(); // an upcaster may return any type: include it, filter later
    }

    public object Deserialize(string alias, string json)
    {
        if (typeByAlias.TryGetValue(alias, out var type))
            return JsonSerializer.Deserialize(json, type, EventJson.Options)!;
        if (upcasters.TryGetValue(alias, out var upcast))
        {
            using var doc = JsonDocument.Parse(json);
            return upcast(doc.RootElement);
        }
        throw new UnknownEventTypeException($"No event type or upcaster is registered for alias '{alias}'.");
    }

    public string Serialize(object @event) => JsonSerializer.Serialize(@event, @event.GetType(), EventJson.Options);
}
