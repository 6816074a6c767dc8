namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>A business rule refused the request (422). <paramref name="code"/> is stable for clients to branch on.</summary>
public sealed class BusinessRuleException(string code, string message, IReadOnlyDictionary<string, object?>? details = null) : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, object?>? Details { get; } = details;
}

/// <summary>The resource does not exist (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller may not act on this resource (403), decided by a resource check rather than a policy.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The request conflicts with the current state in a way that is not a version race (409).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>Shape errors found after model binding, in FluentValidation's form (400).</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors) : Exception("One or more fields are invalid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
