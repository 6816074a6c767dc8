using Microsoft.OpenApi;
using PersonalTutoring.BuildingBlocks.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>
/// The request headers the API honours, shown on the operations that honour them so generated clients can send
/// them: <c>If-Match</c> where a stale version is a 412 (ADR 0039), <c>Idempotency-Key</c> on every POST (ADR 0040).
/// </summary>
internal sealed class RequestHeadersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<HonoursIfMatchAttribute>().Any())
            Add(operation, HonoursIfMatchAttribute.HeaderName,
                "The version (ETag) you read, e.g. \"3\". When the resource has moved past it the answer is 412 and nothing is written; " +
                "without it a write that races another is decided again on the latest state.");
        if (string.Equals(context.ApiDescription.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
        {
            Add(operation, IdempotencyKeys.Header,
                $"Up to {IdempotencyKeys.MaxKeyLength} characters you choose (a UUID) to make a retry safe: the same key and request within the " +
                "retention period replays the first answer (header Idempotent-Replayed: true); the same key with another request is a 422.");
            operation.Responses ??= [];
            if (!operation.Responses.ContainsKey("422"))
                operation.Responses["422"] = new OpenApiResponse { Description = "A business rule refused the request, or the Idempotency-Key was used for another request." };
        }
    }

    private static void Add(OpenApiOperation operation, string header, string description)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, header, StringComparison.OrdinalIgnoreCase))) return;
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = header,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        });
    }
}
