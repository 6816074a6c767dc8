using Marten;
using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.BuildingBlocks.Auth;

namespace PersonalTutoring.Allocation.Queries;

/// <summary>
/// What <see cref="ResourceAccess"/> knows about a student: school, the tutor(s) whose period covers the date, and,
/// while such a tutor is unavailable, the alternative contact (AL-11). A tutor who handed over is no longer current,
/// so loses access (AL-8). A singleton: a short query session per call.
/// </summary>
internal sealed class StudentDirectory(IDocumentStore store) : IStudentDirectory
{
    public async Task<StudentFacts?> FindAsync(string studentId, DateTimeOffset at, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var student = await session.LoadAsync<StudentView>(studentId, ct);
        if (student is null) return null;
        var date = Dates.UkDate(at);
        var tutors = student.TutorsOn(date).Distinct().ToList();
        var alternatives = new List<string>();
        if (tutors.Count > 0)
        {
            var views = await session.LoadManyAsync<TutorView>(ct, tutors);
            alternatives.AddRange(views.Select(t => t.UnavailableOn(date)?.AlternativeStaffId).OfType<string>());
        }
        return new StudentFacts(studentId, student.Record.SchoolCode, tutors, alternatives);
    }
}
