using System.Linq.Expressions;
using Marten;
using PersonalTutoring.BuildingBlocks.Privacy;
using PersonalTutoring.DataProtection.Contracts;

namespace PersonalTutoring.Allocation.ReadModels.StudentViews;

/// <summary>
/// Before many student views are read (a school, a tutor's tutees): the keys of their profiles in one query, not one
/// query per student as each name is decrypted (docs/adr/0086). The ids come from the same filter, without the documents.
/// </summary>
internal static class ProfileKeys
{
    public static async Task WarmAsync(this SubjectKeys keys, IQuerySession session, Expression<Func<StudentView, bool>> which, CancellationToken ct)
    {
        var ids = await session.Query<StudentView>().Where(which).Select(s => s.StudentId).ToListAsync(ct);
        await keys.WarmAsync(ids.Select(id => PersonalSubjects.Of(id, SubjectRecordKinds.Profile)), ct);
    }
}
