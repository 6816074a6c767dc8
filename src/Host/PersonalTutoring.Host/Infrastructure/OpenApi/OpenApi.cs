using Microsoft.OpenApi;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>Swagger at /swagger/v1/swagger.json and /swagger: one tag per module, the bearer scheme declared.</summary>
internal static class OpenApi
{
    public static IServiceCollection AddTutoringOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "PersonalTutoring API",
                Version = "v1",
                Description = "Personal tutoring for UK universities: allocation, contact, meetings, references and governance.",
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
            c.CustomSchemaIds(t => t.FullName!.Replace("PersonalTutoring.", "").Replace('+', '.'));
        });
        return services;
    }

    public static void MapTutoringOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(c => c.SwaggerEndpoint("/swagger/v1/swagger.json", "PersonalTutoring API v1"));
    }
}
