using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalTutoring.BuildingBlocks.Auth;

/// <summary>
/// The check of the resource a route names (its student, school or tutor), made by ASP.NET Core's authorization
/// middleware: after the endpoint's role policy, before the body or the query is read. A caller who may not act on
/// the resource learns nothing from validation (issue 10 item 6): they get the 403 or 404 of the check, never a 400
/// about fields they could not have sent. The check throws what the handlers threw before (<see cref="Http.ForbiddenException"/>,
/// <see cref="Http.NotFoundException"/>); the exception handler turns it into problem details.
/// </summary>
public sealed class ResourceRequirement(Func<HttpContext, CurrentUser, Task> check) : IAuthorizationRequirement, IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (!context.PendingRequirements.Contains(this)) return;
        // Only a caller whose role may use the endpoint is checked: anyone else gets the policy's 401 or 403 as before.
        if (context.HasFailed || context.PendingRequirements.Any(r => r is not ResourceRequirement)) return;
        var http = context.Resource as HttpContext
            ?? throw new InvalidOperationException("A resource check needs the HttpContext as the authorization resource.");
        await check(http, Auth.CurrentUser.From(context.User));
        context.Succeed(this);
    }
}

public static class ResourceChecks
{
    private static readonly object StudentKey = new();

    /// <summary>Checks the route's resource before the request is read: <paramref name="check"/> throws to refuse.</summary>
    public static TBuilder RequireResource<TBuilder>(this TBuilder builder, Func<HttpContext, CurrentUser, Task> check) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder().AddRequirements(new ResourceRequirement(check)).Build());

    /// <summary>
    /// The school the request names, in the route or the query (<c>schoolCode</c>): university-wide roles, or a Senior
    /// Tutor of the school (<see cref="ResourceAccess.DemandSchool"/>). A request naming no school is left to the
    /// handler's validation: there is nothing to refuse it access to.
    /// </summary>
    public static TBuilder RequireSchool<TBuilder>(this TBuilder builder, string action, params string[] universityWideRoles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireResource((http, user) =>
        {
            var code = http.GetRouteValue("schoolCode")?.ToString() ?? http.Request.Query["schoolCode"].FirstOrDefault();
            if (!string.IsNullOrWhiteSpace(code)) ResourceAccess.DemandSchool(user, code, action, universityWideRoles);
            return Task.CompletedTask;
        });

    /// <summary>
    /// The student in the route (<c>{studentId}</c>): 404 unless the caller stands towards them in some way (unknown or
    /// not theirs to see, the same answer), 403 unless in one of <paramref name="allowed"/>. The handler reads the
    /// outcome with <see cref="StudentAccess(HttpContext)"/>.
    /// </summary>
    public static TBuilder RequireStudent<TBuilder>(this TBuilder builder, StudentRelation allowed, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireResource(async (http, user) =>
        {
            var access = await http.RequestServices.GetRequiredService<ResourceAccess>().ForStudentAsync(user, http.RouteValue("studentId"), http.RequestAborted);
            http.Items[StudentKey] = access.Demand(allowed, action);
        });

    /// <summary>
    /// For a resource named in the body (<c>POST /api/allocations</c> names its student): checked before the body is
    /// validated. Call it before <c>Validate</c>. The body has to be read first, so one that is not JSON of the
    /// request's shape is still a 400; one that names no resource is left to validation.
    /// </summary>
    public static RouteHandlerBuilder RequireBodyResource<TRequest>(this RouteHandlerBuilder builder, Func<TRequest, HttpContext, CurrentUser, Task> check) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            if (context.Arguments.OfType<TRequest>().FirstOrDefault() is { } request)
                await check(request, context.HttpContext, context.HttpContext.CurrentUser());
            return await next(context);
        });

    /// <summary>How the caller stands towards the route's student, as the endpoint's <see cref="RequireStudent{TBuilder}"/> established it.</summary>
    public static StudentAccess StudentAccess(this HttpContext http) =>
        http.Items[StudentKey] as StudentAccess ?? throw new InvalidOperationException($"{http.Request.Path} has no student check (RequireStudent).");

    public static string RouteValue(this HttpContext http, string name) =>
        http.GetRouteValue(name)?.ToString() ?? throw new InvalidOperationException($"The route of {http.Request.Path} has no {{{name}}}.");
}
