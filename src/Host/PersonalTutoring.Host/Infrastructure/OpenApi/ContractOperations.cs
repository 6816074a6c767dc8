using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PersonalTutoring.BuildingBlocks.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PersonalTutoring.Host.Infrastructure.OpenApi;

/// <summary>
/// What every operation shares, written once (docs/adr/0052): who may call it (in its description), the problems
/// any call can meet (401, 403, 415 with a body, 503), the version headers and 412 where the endpoint uses them,
/// and its example bodies.
/// </summary>
internal sealed class ContractOperationFilter(IOptions<AuthorizationOptions> authorization, IOptions<JsonOptions> json) : IOperationFilter
{
    public const string ProblemSchema = "Problem";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var write = !HttpMethods.IsGet(context.ApiDescription.HttpMethod ?? "GET");
        operation.Responses ??= [];
        var roles = metadata.OfType<IAuthorizeData>().Where(a => a.Policy is not null)
            .SelectMany(a => authorization.Value.GetPolicy(a.Policy!)?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles) ?? [])
            .Distinct().ToList();
        if (metadata.OfType<IAuthorizeData>().Any())
        {
            Problem(operation, context, 401, "No valid bearer token: none was sent, or it has expired or was not issued for this API.");
            Problem(operation, context, 403, "The token's roles or school do not allow this call on this resource.");
        }
        if (operation.RequestBody is not null)
            Problem(operation, context, 415, "The body is not `application/json`.");
        Problem(operation, context, 503, "The database cannot be reached; retry later (writes made with `If-Match` are safe to retry).");

        if (metadata.OfType<VersionHeadersMetadata>().Any())
        {
            foreach (var (status, response) in operation.Responses.Where(r => r.Key.StartsWith('2')))
                if (response is OpenApiResponse concrete)
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers["ETag"] = new OpenApiHeader
                    {
                        Description = "The resource's version after this call, e.g. `\"3\"`: send it back as `If-Match` to change it.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
            if (write)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-Match",
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "The ETag you read. When sent, the change is made only if nobody changed the resource since; without it the last write wins.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
                Problem(operation, context, 412, "`If-Match` names a version the resource has moved past: read it again, then retry.");
            }
        }

        var who = roles.Count == 0 ? "any signed-in user" : string.Join(", ", roles.Order(StringComparer.Ordinal));
        operation.Description = (string.IsNullOrWhiteSpace(operation.Description) ? "" : operation.Description.TrimEnd() + "\n\n") + $"Roles: {who}.";

        if (metadata.OfType<ContractExamples>().LastOrDefault() is { } examples)
        {
            if (examples.Request is not null && operation.RequestBody?.Content is { } content)
                foreach (var media in content.Values.OfType<OpenApiMediaType>()) media.Example = JsonSerializer.SerializeToNode(examples.Request, json.Value.SerializerOptions);
            if (examples.Response is not null)
                foreach (var response in operation.Responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value))
                    foreach (var media in response.Content?.Where(c => c.Key.Contains("json", StringComparison.Ordinal)).Select(c => c.Value).OfType<OpenApiMediaType>() ?? [])
                        media.Example = JsonSerializer.SerializeToNode(examples.Response, json.Value.SerializerOptions);
        }
    }

    private static void Problem(OpenApiOperation operation, OperationFilterContext context, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse known)
        {
            known.Description = description;
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
            },
        };
    }
}
