using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PersonalTutoring.Allocation.Contracts;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Http;

namespace PersonalTutoring.Allocation.Students.Upserting;

/// <summary>PUT /api/students/{studentId}: the student record's upsert (Integration, Admin). Idempotent.</summary>
internal static class UpsertStudent
{
    /// <summary>
    /// The same record decides nothing. A student who withdraws, graduates or changes school stops being a tutee
    /// of their tutor that day; students away (AL-2) keep theirs.
    /// </summary>
    internal static object[] Decide(Student state, string studentId, StudentRecord record, DateOnly today, DateTimeOffset now)
    {
        if (!state.Exists) return [new StudentRegistered(studentId, record, now)];
        record = record.Keeping(state.Record);
        if (state.Record == record) return [];
        var events = new List<object> { new StudentRecordChanged(studentId, record, now) };
        if (state.CurrentTutorId is { } tutor)
        {
            var on = state.CurrentFrom is { } from && from > today ? from : today;
            var previousSchool = state.Record!.SchoolCode;
            if (record.Status.HasLeft())
                events.Add(new AllocationEnded(studentId, previousSchool, tutor, on, $"Student {record.Status}", now));
            else if (!string.Equals(record.SchoolCode, previousSchool, StringComparison.OrdinalIgnoreCase))
                events.Add(new AllocationEnded(studentId, previousSchool, tutor, on, $"Student moved to school {record.SchoolCode}", now));
        }
        return [.. events];
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/students/{studentId}", async (string studentId, StudentRequest request, HttpContext http, StudentUpserts upserts, CancellationToken ct) =>
            {
                StudentIds.Demand(studentId);
                var outcome = await upserts.UpsertOneAsync(studentId, request.ToRecord(studentId), http.Request.ExpectedVersion(), ct);
                http.Response.SetVersion(outcome.Version);
                return outcome.Created ? Results.Created($"/api/students/{studentId}", outcome.Profile) : Results.Ok(outcome.Profile);
            })
            .Validate<StudentRequest>()
            .RequireAuthorization(AllocationPolicies.Upsert)
            .WithName("PutStudent")
            .WithVersionHeaders()
            .WithSummary("Creates or updates a student from the student record. The same body twice appends nothing.")
            .WithDescription("The student-record system's upsert, keyed by student number. The whole record is sent each time; a body equal to "
                + "what is held appends nothing (a retry is safe). A student who withdraws, graduates or moves school stops being their tutor's tutee "
                + "that day, and tutee, tutor and Registry are notified. The school must be registered (422 `unknown-school`).")
            .WithExamples(request: new
            {
                givenName = "Zoë", familyName = "Ó Súilleabháin", email = "z.osuilleabhain@students.example.ac.uk", schoolCode = "MED",
                programmeCode = "MBBS", level = "UG", yearOfStudy = 1, registeredOn = "2025-09-22", status = "Studying",
                studentRouteVisa = false, visitingStudyAbroad = false,
            }, response: new
            {
                studentId = "2025123456", givenName = "Zoë", familyName = "Ó Súilleabháin", email = "z.osuilleabhain@students.example.ac.uk",
                schoolCode = "MED", programmeCode = "MBBS", level = "UG", yearOfStudy = 1, registeredOn = "2025-09-22", status = "Studying",
                studentRouteVisa = false, visitingStudyAbroad = false,
            })
            .Produces<StudentProfile>(StatusCodes.Status201Created)
            .Produces<StudentProfile>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
