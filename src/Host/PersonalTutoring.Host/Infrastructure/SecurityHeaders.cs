using Microsoft.Net.Http.Headers;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>
/// Headers every answer carries (issue 10 item 17): browsers must not guess content types; API answers hold personal
/// data and notes, so nothing keeps them; HTML (the API docs) may load only its own scripts and styles and may not be
/// framed. Kestrel does not name itself (<c>AddServerHeader = false</c> in <see cref="TutoringApp"/>).
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Swagger UI loads its scripts and styles from the host and styles some elements inline; its icons are data URIs.</summary>
    public const string HtmlPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Anything else is data, never a document: it may load nothing and be framed by no one.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            headers[HeaderNames.ContentSecurityPolicy] = html ? HtmlPolicy : DataPolicy;
            if (context.Request.Path.StartsWithSegments("/api") || html)
            {
                headers[HeaderNames.CacheControl] = "no-store";
                headers[HeaderNames.Pragma] = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
