using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PersonalTutoring.Allocation.ReadModels.TutorViews;
using PersonalTutoring.Allocation.Tutors;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.Allocation.Tests.Integration;

/// <summary>
/// Tutor streams written before one caseload event per tutor per command hold one event per tutee
/// (<c>allocation.tutee_assigned</c>, <c>allocation.tutee_released</c>); Marten's upcasters read them as the new shape,
/// so such streams fold and the tutor view rebuilds unchanged (docs/adr/0020).
/// </summary>
public sealed class UpcastingTests(AllocationApi api) : IClassFixture<AllocationApi>
{
    /// <returns>The tutor's stream key.</returns>
    private async Task<string> GivenAnOlderTutorStreamAsync(string staffId)
    {
        await api.SchoolAsync("MED");
        await api.TutorAsync(staffId);
        // Written as the store wrote them then: the retired aliases, one tutee each, after the registration.
        string Old(string student) => $$"""{"staffId":"{{staffId}}","studentId":"{{student}}","effectiveOn":"2025-10-01","at":"2025-10-01T09:00:00+00:00"}""";
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO events.mt_events (seq_id, id, stream_id, version, data, type, timestamp)
            SELECT nextval('events.mt_events_sequence'), gen_random_uuid(), @stream, 1 + e.n, e.data::jsonb, e.type, now()
            FROM unnest(@data::text[], @type::text[]) WITH ORDINALITY AS e(data, type, n) ORDER BY e.n;
            UPDATE events.mt_streams SET version = 4 WHERE id = @stream;
            """, connection);
        insert.Parameters.AddWithValue("stream", Tutor.StreamId(staffId));
        insert.Parameters.AddWithValue("data", new[] { Old("s1"), Old("s2"), Old("s1") });
        insert.Parameters.AddWithValue("type", new[] { TutorEvents.RetiredAssigned, TutorEvents.RetiredAssigned, TutorEvents.RetiredReleased });
        await insert.ExecuteNonQueryAsync();
        return Tutor.StreamId(staffId);
    }

    [Fact]
    public async Task Per_tutee_events_of_an_older_stream_are_read_as_caseload_events_and_fold_into_the_write_model()
    {
        var stream = await GivenAnOlderTutorStreamAsync("up-t1");
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();

        var events = (await session.Events.FetchStreamAsync(stream)).Select(e => e.Data).ToList();
        events.Skip(1).Should().BeEquivalentTo(new object[]
        {
            new TuteesAssigned("up-t1", [new("s1", new DateOnly(2025, 10, 1))], new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero)),
            new TuteesAssigned("up-t1", [new("s2", new DateOnly(2025, 10, 1))], new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero)),
            new TuteesReleased("up-t1", [new("s1", new DateOnly(2025, 10, 1))], new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero)),
        }, o => o.RespectingRuntimeTypes().WithStrictOrdering());
        (await session.Events.AggregateStreamAsync<Tutor>(stream))!.Tutees.Should().BeEquivalentTo(["s2"]);
    }

    [Fact]
    public async Task Rebuilding_the_tutor_view_applies_the_upcast_events()
    {
        await GivenAnOlderTutorStreamAsync("up-t2");

        // The daemon loads only the events a projection reads, by type alias: the retired aliases must be among them.
        await api.Services.GetRequiredService<ProjectionAdmin>().RebuildAsync("allocation-tutors");

        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var view = await session.LoadAsync<TutorView>("up-t2");
        view!.Tutees.Should().Equal("s2");
        view.Version.Should().Be(4);
    }
}
