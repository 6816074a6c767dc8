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
        Answer(HttpContext, (int)status);
    }

    /// <summary>
    /// The page answers with this status and its own HTML (pages skip the host's status-code pages, WebApp). The status
    /// is put on the response as it starts: Blazor writes no body for a response already 404 when it finishes rendering.
    /// </summary>
    internal static void Answer(HttpContext http, int status)
    {
        if (http.Response.HasStarted) return;
        http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        });
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
