using System.Reflection;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using PersonalTutoring.BuildingBlocks.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PersonalTutoring.Host.Infrastructure.OpenApi;

/// <summary>
/// Schema names are the contract's own (docs/adr/0052): a type's <see cref="ContractNameAttribute"/>, else its
/// name (a nested type: its container's name and its own, <c>AllocateTutor.Request</c> → <c>AllocateTutorRequest</c>),
/// never its namespace. Two types claiming one name fail the document (Swashbuckle refuses conflicting ids).
/// </summary>
internal static class ContractSchemaIds
{
    private static readonly Dictionary<Type, string> Framework = new()
    {
        [typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)] = "Problem",
        [typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails)] = "ValidationProblem",
    };

    public static string For(Type type)
    {
        if (Framework.TryGetValue(type, out var known)) return known;
        if (type.GetCustomAttribute<ContractNameAttribute>() is { } named) return named.Name;
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] + string.Concat(type.GetGenericArguments().Select(For)) : type.Name;
        return type.DeclaringType is { } outer ? For(outer) + name : name;
    }
}

/// <summary>
/// Required and nullable as they really are. A request body with a FluentValidation validator is required where a
/// rule without a condition says NotNull or NotEmpty — those members are nullable in C# only so that a missing value
/// is a 400 naming the field rather than a binding failure — and such members are not nullable in the contract.
/// Every other object (responses, bodies without a validator) requires its members that C# declares non-nullable.
/// </summary>
internal sealed class RequiredMembersSchemaFilter(IServiceProvider services) : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } objectSchema || context.Type.IsPrimitive || context.Type == typeof(string)) return;
        var members = context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p);
        var validated = ValidatedRequired(context.Type);
        objectSchema.Required ??= new HashSet<string>();
        foreach (var (name, property) in objectSchema.Properties!)
        {
            if (!members.TryGetValue(name, out var member)) continue;
            if (validated is not null)
            {
                if (!validated.Contains(member.Name)) continue;
                objectSchema.Required.Add(name);
                if (property is OpenApiSchema { Type: { } type } inline) inline.Type = type & ~JsonSchemaType.Null;
            }
            else if (Nullability.Create(member).ReadState == NullabilityState.NotNull)
                objectSchema.Required.Add(name);
        }
    }

    /// <summary>
    /// The members the validators of the type and its base types demand unconditionally (a batch row is validated
    /// as a student record plus its id); null when none of them has a validator.
    /// </summary>
    private HashSet<string>? ValidatedRequired(Type type)
    {
        HashSet<string>? required = null;
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (services.GetService(typeof(IValidator<>).MakeGenericType(t)) is not IValidator validator) continue;
            var descriptor = validator.CreateDescriptor();
            required ??= [];
            required.UnionWith(descriptor.GetMembersWithValidators()
                .Where(m => descriptor.GetRulesForMember(m.Key).Any(rule => !rule.HasCondition && !rule.HasAsyncCondition
                    && rule.Components.Any(c => c.Validator is INotNullValidator or INotEmptyValidator)))
                .Select(m => m.Key));
        }
        return required;
    }
}
