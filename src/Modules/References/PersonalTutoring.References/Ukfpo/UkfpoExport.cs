using System.Net;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.References.Access;
using PersonalTutoring.References.ReadModels;
using PersonalTutoring.References.Requests;

namespace PersonalTutoring.References.Ukfpo;

/// <summary>
/// An issued UKFPO reference exported for transcription into the national portal (RE-3): as JSON, and as a printable
/// HTML page in the form's structure. Read from the retained copy, with the same access and read log as its text.
/// </summary>
internal static class UkfpoExport
{
    internal sealed record ExportedRating(string Domain, string Label, string Rating);

    internal sealed record ExportedForm(
        Guid RequestId, int Version, string StudentId, string AuthorId, string Recipient, DateTimeOffset IssuedAt, string Capacity, DateOnly KnownFrom, DateOnly? KnownTo,
        IReadOnlyList<ExportedRating> Ratings, string Comments, string ContentHash);

    private static async Task<ExportedForm> ExportAsync(HttpContext http, Guid requestId, int version, ReadPurpose? purpose, IQuerySession session, ISessionFactory sessions, TimeProvider clock, CancellationToken ct)
    {
        var caller = http.RequestCaller();
        IssuedReferences.DemandReadable(caller, version);
        var events = await session.Events.FetchStreamAsync(ReferenceRequest.StreamId(requestId), token: ct);
        var issued = events.Select(x => x.Data).OfType<ReferenceIssued>().Single(i => i.Version == version);
        if (issued.FormAnswers is not { } answers) throw new NotFoundException($"Version {version} of reference request {requestId} has no UKFPO form.");
        var form = await UkfpoFormProjection.InForceAsync(session, caller.Request.SchoolCode, UkfpoForm.AcademicYearOf(DateOnly.FromDateTime(caller.Request.RequestedAt.UtcDateTime)), ct);
        await IssuedReferences.LogReadAsync(sessions, caller, purpose, version, clock, ct);
        return new ExportedForm(requestId, version, issued.StudentId, issued.AuthorId, issued.Recipient, issued.IssuedAt, issued.Capacity, issued.KnownFrom, issued.KnownTo,
            [.. answers.Select(a => new ExportedRating(a.Domain, form.Domains.FirstOrDefault(d => d.Key == a.Domain)?.Label ?? a.Domain, a.Rating))], issued.Text.Text, issued.ContentHash);
    }

    /// <summary>The printable page: every value HTML-encoded (the text is the tutor's, the labels the school's).</summary>
    internal static string Html(ExportedForm f)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>UKFPO structured reference</title>")
            .Append("<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.4rem;text-align:left}</style></head><body>")
            .Append("<h1>UKFPO structured reference</h1><dl>")
            .Append($"<dt>Student</dt><dd>{E(f.StudentId)}</dd><dt>Referee</dt><dd>{E(f.AuthorId)} ({E(f.Capacity)})</dd>")
            .Append($"<dt>Known</dt><dd>{f.KnownFrom:yyyy-MM-dd} to {(f.KnownTo is { } to ? to.ToString("yyyy-MM-dd") : "date")}</dd>")
            .Append($"<dt>Recipient</dt><dd>{E(f.Recipient)}</dd><dt>Issued</dt><dd>{f.IssuedAt:yyyy-MM-dd HH:mm} UTC (version {f.Version})</dd></dl>")
            .Append("<table><thead><tr><th>Domain</th><th>Rating</th></tr></thead><tbody>");
        foreach (var r in f.Ratings) html.Append($"<tr><td>{E(r.Label)}</td><td>{E(r.Rating)}</td></tr>");
        html.Append($"</tbody></table><h2>Comments</h2><p>{E(f.Comments).Replace("\n", "<br>", StringComparison.Ordinal)}</p>")
            .Append($"<p><small>SHA-256 {E(f.ContentHash)}</small></p></body></html>");
        return html.ToString();
    }

    internal static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reference-requests/{requestId:guid}/issued/{version:int}/ukfpo-form", async (Guid requestId, int version, ReadPurpose? purpose, HttpContext http, IQuerySession session,
                ISessionFactory sessions, TimeProvider clock, CancellationToken ct) => Results.Ok(await ExportAsync(http, requestId, version, purpose, session, sessions, clock, ct)))
            .RequireAuthorization(ReferencesPolicies.ReadText)
            .RequireReference(ReferenceRelation.Tutoring | ReferenceRelation.Tutee, "read the reference")
            .WithName("ExportUkfpoForm")
            .WithSummary("An issued UKFPO reference's form as JSON, for transcription into the national portal; the read is logged.")
            .Produces<ExportedForm>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/reference-requests/{requestId:guid}/issued/{version:int}/ukfpo-form/print", async (Guid requestId, int version, ReadPurpose? purpose, HttpContext http, IQuerySession session,
                ISessionFactory sessions, TimeProvider clock, CancellationToken ct) =>
                Results.Content(Html(await ExportAsync(http, requestId, version, purpose, session, sessions, clock, ct)), "text/html; charset=utf-8"))
            .RequireAuthorization(ReferencesPolicies.ReadText)
            .RequireReference(ReferenceRelation.Tutoring | ReferenceRelation.Tutee, "read the reference")
            .WithName("PrintUkfpoForm")
            .WithSummary("An issued UKFPO reference's form as a printable HTML page in the form's structure; the read is logged.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
