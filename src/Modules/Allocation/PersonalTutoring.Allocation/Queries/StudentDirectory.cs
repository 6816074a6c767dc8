using PersonalTutoring.Allocation.ReadModels.StudentViews;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.BuildingBlocks.Auth;
using PersonalTutoring.BuildingBlocks.Documents;

namespace PersonalTutoring.Allocation.Queries;

/// <summary>
/// What <see cref="ResourceAccess"/> knows about a student: school, the tutor(s) whose period covers the date, and,
/// while such a tutor is unavailable, the alternative contact (AL-11). A tutor who handed over is no longer current,
/// so loses access (AL-8).
/// </summary>
internal sealed class StudentDirectory(DocumentReader documents) : IStudentDirectory
{
    public async Task<StudentFacts?> FindAsync(string studentId, DateTimeOffset at, CancellationToken ct)
    {
        var student = await documents.LoadAsync<StudentView>(StudentView.Id(studentId), ct);
        if (student is null) return null;
        var date = Dates.UkDate(at);
        var tutors = student.TutorsOn(date).Distinct().ToList();
        var alternatives = new List<string>();
        if (tutors.Count > 0)
        {
            var views = await documents.ReadAsync(ops => ops.LoadManyAsync<TutorView>(tutors.Select(TutorView.Id).ToArray(), ct), ct);
            alternatives.AddRange(views.Values.Select(t => t.UnavailableOn(date)?.AlternativeStaffId).OfType<string>());
        }
        return new StudentFacts(studentId, student.Record.SchoolCode, tutors, alternatives);
    }
}
