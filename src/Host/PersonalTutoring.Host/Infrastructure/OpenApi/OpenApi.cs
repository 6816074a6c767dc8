using Microsoft.OpenApi;

namespace PersonalTutoring.Host.Infrastructure.OpenApi;

/// <summary>
/// The API contract at /swagger/v1/swagger.json (UI at /swagger): one tag per module, the bearer scheme, schema names
/// of its own, required members, the shared responses and headers (docs/adr/0052).
/// </summary>
internal static class OpenApi
{
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Allocation"] = "Students and tutors from the record systems, tutor allocation, its history, notifications and the integration feed.",
        ["Contact"] = "Contact between tutors and tutees, notes, referrals, concerns, objectives and compliance reports.",
        ["Governance"] = "Schools, tutoring policies, calendars, appointments, tutor development, tutee guides and evaluation.",
        ["Meetings"] = "Tutors' clinic slots (in person or online, one-to-one or group) and tutees' self-booking, cancelling and rescheduling.",
        ["Operations"] = "Projections, their dead letters and the message dead letters, for Admins.",
        ["References"] = "Reference requests, drafting, attested issuing, retained copies, the UKFPO structured reference and its deadlines.",
    };

    public static IServiceCollection AddTutoringOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "PersonalTutoring API",
                Version = "v1",
                Description = "Personal tutoring for UK universities: allocation, contact, meetings, references and governance. "
                    + "Errors are RFC 9457 problem details whose `type` is the status code's section of RFC 9110; field errors use the body's camelCase names.",
                Contact = new OpenApiContact { Name = "PersonalTutoring maintainers" },
                License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/license/mit") },
            });
            c.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from the university's identity provider (or `token` CLI verb in development).",
            });
            c.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
            var xml = Path.Combine(AppContext.BaseDirectory, "PersonalTutoring.Host.xml");
            if (File.Exists(xml)) c.IncludeXmlComments(xml);
            c.CustomSchemaIds(ContractSchemaIds.For);
            c.SupportNonNullableReferenceTypes();
            // System.Text.Json writes a TimeSpan as [-][d.]hh:mm:ss[.fffffff], not an ISO 8601 duration: say so instead of a format no generator knows.
            c.MapType<TimeSpan>(() => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d{1,7})?$",
                Description = "A duration as [-][d.]hh:mm:ss[.fffffff].",
            });
            c.SchemaFilter<RequiredMembersSchemaFilter>();
            c.OperationFilter<ContractOperationFilter>();
            c.OperationFilter<IdempotencyKeyOperationFilter>();
            c.DocumentFilter<TagDescriptions>();
        });
        return services;
    }

    public static void MapTutoringOpenApi(this WebApplication app)
    {
        app.UseSwagger(o => o.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host}{request.PathBase}" }]));
        app.UseSwaggerUI(c => c.SwaggerEndpoint("/swagger/v1/swagger.json", "PersonalTutoring API v1"));
    }

    private sealed class TagDescriptions : Swashbuckle.AspNetCore.SwaggerGen.IDocumentFilter
    {
        public void Apply(OpenApiDocument document, Swashbuckle.AspNetCore.SwaggerGen.DocumentFilterContext context) =>
            document.Tags = Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }).ToHashSet();
    }
}
