using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.Web.Api;

namespace PersonalTutoring.Web.Components;

/// <summary>
/// A page rendered on the server. Its data comes from the API, in-process, as the signed-in user; when the API refuses
/// (403, 404) or rejects the request (400, 422) the page answers with the same status and says why.
/// </summary>
public abstract class WebPage : ComponentBase
{
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [Inject] internal InProcessApi Api { get; set; } = default!;

    protected ClaimsPrincipal User => HttpContext.User;

    protected CurrentUser Me => CurrentUser.From(HttpContext.User);

    /// <summary>The API's refusal or rejection, if a request was refused; the page shows it instead of its content.</summary>
    protected Refusal? Refused { get; private set; }

    protected async Task<T?> GetAsync<T>(string pathAndQuery) where T : class
    {
        var result = await Api.GetAsync<T>(User, pathAndQuery, HttpContext.RequestAborted);
        if (result.Ok) return result.Value;
        Refuse(result.Status, result.Problem, result.Errors);
        return null;
    }

    protected void Refuse(HttpStatusCode status, string? detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        Refused ??= new Refusal(status, detail, errors ?? new Dictionary<string, string[]>());
        if (!HttpContext.Response.HasStarted) HttpContext.Response.StatusCode = (int)status;
    }
}

public sealed record Refusal(HttpStatusCode Status, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public string Title => Status switch
    {
        HttpStatusCode.NotFound => "Page not found",
        HttpStatusCode.Forbidden => "You cannot see this page",
        HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => "There is a problem",
        _ => "Sorry, there is a problem with the service",
    };
}
