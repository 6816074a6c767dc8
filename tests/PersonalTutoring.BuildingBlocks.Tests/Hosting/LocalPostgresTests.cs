using PersonalTutoring.BuildingBlocks.Hosting;

namespace PersonalTutoring.BuildingBlocks.Tests.Hosting;

/// <summary>The local cluster is made atomically: an interrupted initialisation never becomes a cluster that starts on 5432.</summary>
public sealed class LocalPostgresTests : IDisposable
{
    private const int GonePid = int.MaxValue - 1;
    private readonly string scratch = Directory.CreateTempSubdirectory("pt-localpg-").FullName;
    private LocalPostgres? started;

    public void Dispose()
    {
        started?.Stop(immediate: true);
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void An_interrupted_initialisation_is_cleared_and_the_next_start_makes_a_whole_cluster()
    {
        var data = Path.Combine(scratch, "postgres");
        var abandoned = $"{data}.initialising-{GonePid}-0123";
        Directory.CreateDirectory(abandoned);
        File.WriteAllText(Path.Combine(abandoned, "PG_VERSION"), "15\n");
        File.WriteAllText(Path.Combine(abandoned, "postgresql.conf"), "#port = 5432\n");

        started = LocalPostgres.StartOrReuse(data);

        Directory.Exists(abandoned).Should().BeFalse("the staging folder of a process that is gone is removed");
        started.Port.Should().NotBe(5432);
        File.ReadAllText(Path.Combine(data, "postgresql.conf")).Should().Contain($"port = {started.Port}");
        Directory.GetDirectories(scratch).Should().Equal(data);
    }

    [Fact]
    public void A_half_made_cluster_with_no_port_of_ours_is_refused_rather_than_started_on_the_default_port()
    {
        var data = Path.Combine(scratch, "postgres");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "PG_VERSION"), "15\n");
        File.WriteAllText(Path.Combine(data, "postgresql.conf"), "#port = 5432\n");

        var start = () => started = LocalPostgres.StartOrReuse(data);

        start.Should().Throw<LocalClusterException>().WithMessage($"The local PostgreSQL cluster in {data} did not start: its postgresql.conf names no port*");
    }

    [Fact]
    public void An_empty_folder_becomes_a_cluster()
    {
        var data = Path.Combine(scratch, "postgres");
        Directory.CreateDirectory(data);

        started = LocalPostgres.StartOrReuse(data);

        File.Exists(Path.Combine(data, "PG_VERSION")).Should().BeTrue();
        started.Port.Should().NotBe(5432);
    }
}
