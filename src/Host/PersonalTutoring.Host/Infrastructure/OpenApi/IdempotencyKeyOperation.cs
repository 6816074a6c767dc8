using Microsoft.OpenApi;
using PersonalTutoring.BuildingBlocks.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PersonalTutoring.Host.Infrastructure.OpenApi;

/// <summary>
/// <c>Idempotency-Key</c> on every POST (docs/adr/0040), shown so generated clients can send it, with the 422 a reused
/// key answers. (<c>If-Match</c> and its 412 are the contract's version headers, <c>ContractOperationFilter</c>.)
/// </summary>
internal sealed class IdempotencyKeyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (string.Equals(context.ApiDescription.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
        {
            Add(operation, IdempotencyKeys.Header,
                $"Up to {IdempotencyKeys.MaxKeyLength} characters you choose (a UUID) to make a retry safe: the same key and request within the " +
                "retention period replays the first answer (header Idempotent-Replayed: true); the same key with another request is a 422.");
            operation.Responses ??= [];
            if (!operation.Responses.ContainsKey("422"))
                operation.Responses["422"] = new OpenApiResponse
                {
                    Description = "A business rule refused the request, or the Idempotency-Key was used for another request.",
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ContractOperationFilter.ProblemSchema, context.Document) },
                    },
                };
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
