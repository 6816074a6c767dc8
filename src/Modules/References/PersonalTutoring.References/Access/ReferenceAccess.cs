using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Http;
using PersonalTutoring.References.ReadModels;

namespace PersonalTutoring.References.Access;

/// <summary>How the caller stands towards one reference request. A caller may stand in several ways at once.</summary>
[Flags]
internal enum ReferenceRelation
{
    None = 0,

    /// <summary>The tutor the request went to: the current tutor, or the previous tutor a final-year tutee named (RE-5).</summary>
    Author = 1,

    /// <summary>The student's tutor today, while allocated (who may differ from the author after a handover).</summary>
    CurrentTutor = 2,

    /// <summary>The Support Team, for a request the tutor passed to them with a concern (RE-4).</summary>
    SupportTeam = 4,

    /// <summary>The Dean and Auditors: existence and metadata, never text (as for confidential notes).</summary>
    Oversight = 8,

    /// <summary>The student who asked.</summary>
    Tutee = 16,

    /// <summary>A Senior Tutor of the request's school, who marks an issued reference confidential to its recipient (RE-2).</summary>
    SchoolSeniorTutor = 32,

    Tutoring = Author | CurrentTutor,
}

/// <summary>The outcome of a request route's check, for the handler.</summary>
internal sealed record ReferenceCaller(CurrentUser User, ReferenceRequestView Request, ReferenceRelation Relation)
{
    public bool Is(ReferenceRelation any) => (Relation & any) != 0;
}

/// <summary>
/// Who may see or act on a reference request (issue 13 item 6). Pure, so every rule has a unit test; the route check
/// below applies it before the body is read (authorization first, ADR 0043).
/// </summary>
internal static class ReferenceAccess
{
    public static ReferenceRelation Relate(CurrentUser user, ReferenceRequestView request, IReadOnlyCollection<string> currentTutorIds)
    {
        var relation = ReferenceRelation.None;
        var tutor = user.IsIn(Roles.Tutor, Roles.SeniorTutor);
        if (tutor && user.Id == request.TutorId) relation |= ReferenceRelation.Author;
        if (tutor && currentTutorIds.Contains(user.Id)) relation |= ReferenceRelation.CurrentTutor;
        if (user.IsIn(Roles.SupportTeam) && request.Concern is not null) relation |= ReferenceRelation.SupportTeam;
        if (user.IsIn(Roles.Dean, Roles.Auditor)) relation |= ReferenceRelation.Oversight;
        if (user.IsIn(Roles.Student) && user.Id == request.StudentId) relation |= ReferenceRelation.Tutee;
        if (ResourceAccess.InSchool(user, request.SchoolCode)) relation |= ReferenceRelation.SchoolSeniorTutor;
        return relation;
    }

    /// <summary>What the caller sees of the request: tutors and the Support Team the whole request, the tutee all but the concern, anyone else metadata.</summary>
    public static ReferenceRequestView Shape(ReferenceCaller caller) =>
        caller.Is(ReferenceRelation.Tutoring | ReferenceRelation.SupportTeam) ? caller.Request
        : caller.Is(ReferenceRelation.Tutee) ? caller.Request with { Concern = null }
        : caller.Request.MetadataOnly();

    private static readonly object Key = new();

    /// <summary>
    /// The request in the route (<c>{requestId}</c>): 404 unless the caller stands towards it in some way (unknown or not
    /// theirs to see, the same answer), 403 unless in one of <paramref name="allowed"/>.
    /// </summary>
    public static RouteHandlerBuilder RequireReference(this RouteHandlerBuilder builder, ReferenceRelation allowed, string action) =>
        builder.RequireResource(async (http, user) =>
        {
            var id = http.RouteValue("requestId");
            var session = http.RequestServices.GetRequiredService<IQuerySession>();
            var request = Guid.TryParse(id, out var guid) ? await session.LoadAsync<ReferenceRequestView>(guid.ToString(), http.RequestAborted) : null;
            var relation = ReferenceRelation.None;
            if (request is not null)
            {
                var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                var facts = await http.RequestServices.GetRequiredService<IStudentDirectory>().FindAsync(request.StudentId, now, http.RequestAborted);
                relation = Relate(user, request, facts?.CurrentTutorIds ?? []);
            }
            if (relation == ReferenceRelation.None) throw new NotFoundException($"Reference request {id} is not known, or not to you.");
            if ((relation & allowed) == 0) throw new ForbiddenException($"You may not {action} for reference request {id}.");
            http.Items[Key] = new ReferenceCaller(user, request!, relation);
        });

    public static ReferenceCaller RequestCaller(this HttpContext http) =>
        http.Items[Key] as ReferenceCaller ?? throw new InvalidOperationException($"{http.Request.Path} has no reference check (RequireReference).");
}
