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

    /// <summary>What is wrong with the form just sent, by field id ("" for the form as a whole): the error summary's lines.</summary>
    protected Dictionary<string, string> Errors { get; } = [];

    /// <summary>A field of the form just posted (Blazor has read the form to find the handler), trimmed; "" when absent.</summary>
    protected string Field(string name) =>
        HttpContext.Request.HasFormContentType ? HttpContext.Request.Form[name].ToString().Trim() : "";

    /// <summary>A form's hidden id field; anything that is not an id is the empty id, which the API answers with 404.</summary>
    protected Guid FieldId(string name) => Guid.TryParse(Field(name), out var id) ? id : Guid.Empty;

    /// <summary>A fresh key for a form's Idempotency-Key: the API repeats nothing when the same form is sent twice.</summary>
    protected static string NewFormKey() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Sends a form's action to the API as the signed-in user. On success the caller redirects (post/redirect/get). A
    /// refusal (403, 404) replaces the page; bad input (400) lists the API's messages by field; a business rule or
    /// conflict (409, 412, 422) is a message for the whole form. The page answers with the API's status either way.
    /// </summary>
    protected Task<ApiResult<T>> ActAsync<T>(string pathAndQuery, object? body, bool idempotent = false) =>
        Acted(Api.PostAsync<T>(User, pathAndQuery, body, HttpContext.RequestAborted, idempotent ? Field("key") : null));

    /// <summary>As <see cref="ActAsync{T}"/>, for an action the API takes as a PUT (a draft written whole).</summary>
    protected Task<ApiResult<T>> PutAsync<T>(string pathAndQuery, object? body) => Acted(Api.PutAsync<T>(User, pathAndQuery, body, HttpContext.RequestAborted));

    private async Task<ApiResult<T>> Acted<T>(Task<ApiResult<T>> sent)
    {
        var result = await sent;
        if (result.Ok) return result;
        if (result.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized)
        {
            Refuse(result.Status, result.Problem);
            return result;
        }
        foreach (var (field, messages) in result.Errors)
            Errors.TryAdd(field.Split('.', '[')[0], messages.FirstOrDefault() ?? "This is not valid");
        if (Errors.Count == 0) Errors[""] = result.Problem ?? "The action could not be completed";
        Answer(HttpContext, (int)result.Status);
        return result;
    }

    /// <summary>The form's own mistakes, found before asking the API: a 400 with the summary.</summary>
    protected void Invalid(string field, string message)
    {
        Errors.TryAdd(field, message);
        Answer(HttpContext, StatusCodes.Status400BadRequest);
    }

    /// <summary>The host's clock, as the API's (tests move it).</summary>
    [Inject] internal TimeProvider Clock { get; set; } = default!;

    /// <summary>Today in London, as the API counts days.</summary>
    protected DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);

    /// <summary>A time as the university reads it (London), for display.</summary>
    protected static DateTime London(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime;

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
