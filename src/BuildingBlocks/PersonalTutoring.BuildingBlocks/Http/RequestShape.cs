using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// What every endpoint's bound arguments must be, whatever the endpoint, checked once for all of them (400 with the
/// field named) before its own validation (issue 10 items 2–4):
/// <list type="bullet">
/// <item>an enum value is one the enum defines: route and query binding accept any number ("-1") and comma lists,
/// JSON accepts comma lists;</item>
/// <item>a date lies between <see cref="EarliestDate"/> and <see cref="LatestDate"/>: nothing in personal tutoring is
/// older or further ahead, and arithmetic near <c>DateOnly.MaxValue</c> overflows;</item>
/// <item>a list in a body holds no null unless its element type says it may (<c>List&lt;Row?&gt;</c>).</item>
/// </list>
/// </summary>
public static class RequestShape
{
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2199, 12, 31);

    private const int MaxDepth = 16;
    // NullabilityInfoContext caches in plain dictionaries: requests share it only under a lock (a shared unlocked
    // context answered concurrent first requests with 500s). Property answers are cached in Members besides.
    private static readonly NullabilityInfoContext NullabilityContext = new();
    private static readonly Lock NullabilityGate = new();
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, NullabilityInfo Nullability)[]> Members = new();

    private static class Nullability
    {
        public static NullabilityInfo Create(ParameterInfo parameter) { lock (NullabilityGate) return NullabilityContext.Create(parameter); }

        public static NullabilityInfo Create(PropertyInfo property) { lock (NullabilityGate) return NullabilityContext.Create(property); }
    }

    /// <summary>Adds the checks to every endpoint of a group (the host maps every module into one).</summary>
    public static TBuilder CheckRequestShape<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
            var checks = context.MethodInfo.GetParameters()
                .Select((parameter, index) => (Parameter: parameter, Index: index, Kind: KindOf(parameter, services)))
                .Where(p => p.Kind != ArgumentKind.None)
                .Select(p => (p.Parameter, p.Index, p.Kind, Nullability: Nullability.Create(p.Parameter)))
                .ToArray();
            if (checks.Length == 0) return next;
            return async invocation =>
            {
                var errors = new Dictionary<string, string[]>();
                foreach (var (parameter, index, kind, nullability) in checks)
                {
                    var value = invocation.Arguments[index];
                    if (kind == ArgumentKind.Body) Walk(value, parameter.Name!, nullability, errors, 0, bodyRoot: true);
                    else if (EnumType(parameter) is { } enumType) CheckEnumText(invocation.HttpContext.Request, parameter.Name!, enumType, errors);
                    else Check(value, parameter.Name!, nullability, errors, 0);
                }
                if (errors.Count > 0)
                {
                    // One answer with every field error: a body whose lists hold no stray null is safe for its validator.
                    if (!errors.Values.Any(e => e.Contains(NullElement)))
                        foreach (var (_, index, _, _) in checks.Where(c => c.Kind == ArgumentKind.Body))
                            await AddValidatorErrorsAsync(invocation, invocation.Arguments[index], errors);
                    throw new RequestValidationException(errors);
                }
                return await next(invocation);
            };
        });

    private const string NullElement = "A list may not hold null.";

    private static async Task AddValidatorErrorsAsync(EndpointFilterInvocationContext invocation, object? body, Dictionary<string, string[]> errors)
    {
        if (body is null || invocation.HttpContext.RequestServices.GetService(typeof(FluentValidation.IValidator<>).MakeGenericType(body.GetType()))
            is not FluentValidation.IValidator validator) return;
        var result = await validator.ValidateAsync(new FluentValidation.ValidationContext<object>(body), invocation.HttpContext.RequestAborted);
        foreach (var (field, messages) in result.ToDictionary())
            errors[field] = errors.TryGetValue(field, out var known) ? [.. known, .. messages.Except(known)] : messages;
    }

    /// <summary>The positions of an endpoint's body arguments (the request types of this project that are not services).</summary>
    internal static IEnumerable<int> BodyParameters(EndpointFilterFactoryContext context)
    {
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        return context.MethodInfo.GetParameters().Select((p, i) => (p, i)).Where(x => KindOf(x.p, services) == ArgumentKind.Body).Select(x => x.i);
    }

    private enum ArgumentKind { None, Value, Body }

    private static ArgumentKind KindOf(ParameterInfo parameter, IServiceProviderIsService? services)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (IsChecked(type) || (type.IsArray && IsChecked(type.GetElementType()!))) return ArgumentKind.Value;
        if (type.IsClass && type.Namespace?.StartsWith("PersonalTutoring", StringComparison.Ordinal) == true && services?.IsService(type) != true)
            return ArgumentKind.Body;
        return ArgumentKind.None;
    }

    private static Type? EnumType(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type.IsArray) type = type.GetElementType()!;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum ? type : null;
    }

    /// <summary>Route and query binding parse enums leniently (numbers, comma lists): the text itself must be a name.</summary>
    private static void CheckEnumText(HttpRequest request, string name, Type enumType, Dictionary<string, string[]> errors)
    {
        IEnumerable<string?> texts = request.RouteValues.TryGetValue(name, out var routed) ? [routed as string]
            : request.Query.FirstOrDefault(q => string.Equals(q.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (texts.Any(t => t is not null && !StrictEnums.TryParseName(enumType, t, out _)))
            errors[name] = [$"Not one of: {string.Join(", ", Enum.GetNames(enumType))}."];
    }

    private static bool IsChecked(Type type) => type.IsEnum || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset);

    /// <summary>A body: the value itself, then its members; lists element by element.</summary>
    private static void Walk(object? value, string path, NullabilityInfo nullability, Dictionary<string, string[]> errors, int depth, bool bodyRoot = false)
    {
        if (value is null || depth > MaxDepth) return;
        Check(value, path, nullability, errors, depth);
        var type = value.GetType();
        if (value is string || type.IsPrimitive || type.IsEnum) return;
        if (value is IDictionary dictionary)
        {
            var valueNullability = nullability.GenericTypeArguments.ElementAtOrDefault(1);
            foreach (DictionaryEntry entry in dictionary)
                Element(entry.Value, $"{path}[{entry.Key}]", valueNullability, errors, depth);
            return;
        }
        if (value is IEnumerable items)
        {
            var elementNullability = nullability.ElementType ?? nullability.GenericTypeArguments.FirstOrDefault();
            var i = 0;
            foreach (var item in items) Element(item, $"{path}[{i++}]", elementNullability, errors, depth);
            return;
        }
        if (type.Namespace?.StartsWith("PersonalTutoring", StringComparison.Ordinal) != true) return;
        foreach (var (property, info) in Members.GetOrAdd(type, MembersOf))
            Walk(property.GetValue(value), bodyRoot ? property.Name : $"{path}.{property.Name}", info, errors, depth + 1);
    }

    private static void Element(object? item, string path, NullabilityInfo? nullability, Dictionary<string, string[]> errors, int depth)
    {
        if (item is null)
        {
            if (nullability is not { ReadState: NullabilityState.Nullable }) errors[path] = [NullElement];
            return;
        }
        Walk(item, path, nullability ?? Nullability.Create(typeof(Holder).GetProperty(nameof(Holder.Any))!), errors, depth + 1);
    }

    /// <summary>An enum, a date, or an array of them (route and query values, and a body's members).</summary>
    private static void Check(object? value, string path, NullabilityInfo nullability, Dictionary<string, string[]> errors, int depth)
    {
        switch (value)
        {
            case Enum e when !IsDefined(e):
                errors[path] = [$"Not one of: {string.Join(", ", Enum.GetNames(e.GetType()))}."];
                break;
            case DateOnly d when d < EarliestDate || d > LatestDate:
            case DateTime t when DateOnly.FromDateTime(t) < EarliestDate || DateOnly.FromDateTime(t) > LatestDate:
            case DateTimeOffset o when DateOnly.FromDateTime(o.UtcDateTime) < EarliestDate || DateOnly.FromDateTime(o.UtcDateTime) > LatestDate:
                errors[path] = [$"A date from {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}."];
                break;
            case Array array when array.GetType().GetElementType() is { } element && IsChecked(element):
                for (var i = 0; i < array.Length; i++) Check(array.GetValue(i), $"{path}[{i}]", nullability, errors, depth);
                break;
        }
    }

    private static bool IsDefined(Enum value)
    {
        var type = value.GetType();
        if (Enum.IsDefined(type, value)) return true;
        if (type.GetCustomAttribute<FlagsAttribute>() is null) return false;
        var all = Enum.GetValues(type).Cast<Enum>().Aggregate(0UL, (bits, v) => bits | Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture));
        return (Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture) & ~all) == 0;
    }

    /// <summary>Members a request's JSON can set: readable and settable (records' init), not indexers.</summary>
    private static (PropertyInfo, NullabilityInfo)[] MembersOf(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is not null && p.GetIndexParameters().Length == 0)
            .Select(p => (p, Nullability.Create(p)))];

    private sealed class Holder
    {
        public object? Any { get; set; }
    }
}
