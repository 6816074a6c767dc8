using Microsoft.AspNetCore.Builder;

namespace PersonalTutoring.BuildingBlocks.Http;

/// <summary>
/// The type's name in the published API contract (its OpenAPI schema id), independent of its namespace and nesting,
/// so moving or renaming a class does not rename what clients generated from the contract use (docs/adr/0052).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum, Inherited = false)]
public sealed class ContractNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The endpoint uses the stream version: a read answers with an <c>ETag</c>; a write honours <c>If-Match</c>.</summary>
public sealed class VersionHeadersMetadata;

/// <summary>Example bodies the contract shows for an endpoint (serialised with the API's JSON options).</summary>
public sealed record ContractExamples(object? Request, object? Response);

public static class ContractMetadata
{
    /// <summary>Documents <c>ETag</c> (and, on writes, <c>If-Match</c> and its 412) for this endpoint.</summary>
    public static RouteHandlerBuilder WithVersionHeaders(this RouteHandlerBuilder builder) => builder.WithMetadata(new VersionHeadersMetadata());

    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, object? request = null, object? response = null) =>
        builder.WithMetadata(new ContractExamples(request, response));
}
