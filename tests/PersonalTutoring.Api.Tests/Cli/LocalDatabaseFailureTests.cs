namespace PersonalTutoring.Api.Tests.Cli;

/// <summary>In Development with no connection string the host runs a local cluster; what goes wrong with it is said in two lines.</summary>
public sealed class LocalDatabaseFailureTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("pt-localdb-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private Dictionary<string, string> Local(string folder)
    {
        var environment = HostProcess.Development(null);
        environment["Database__DataDirectory"] = folder;
        return environment;
    }

    [Fact]
    public async Task Missing_postgresql_binaries_say_what_to_install_or_configure()
    {
        var environment = Local(Path.Combine(scratch, "data"));
        environment["Database__BinDirectory"] = Path.Combine(scratch, "no-postgres-here");

        using var run = await HostProcess.RunAsync(environment, "migrate");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Should().HaveCount(2);
        run.ErrorLines[0].Should().StartWith("No PostgreSQL binaries (initdb, pg_ctl)");
        run.ErrorLines[1].Should().Contain("ConnectionStrings:Tutoring");
    }

    [Fact]
    public async Task A_folder_that_is_not_a_cluster_is_left_alone_and_named()
    {
        var folder = Path.Combine(scratch, "data");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not a database");

        using var run = await HostProcess.RunAsync(Local(folder), "migrate");

        run.ExitCode.Should().Be(1);
        run.ErrorLines.Where(l => !l.StartsWith("[database]", StringComparison.Ordinal)).Should().Equal(
            $"{folder} is not a PostgreSQL cluster (it has no PG_VERSION) and is not empty.",
            "Delete it to let the host create a new cluster there, or set Database:DataDirectory to another folder.");
        Directory.GetFileSystemEntries(folder).Should().ContainSingle();
    }

    [Fact]
    public async Task A_broken_cluster_names_its_log_and_how_to_start_afresh()
    {
        var folder = Path.Combine(scratch, "data");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "PG_VERSION"), "15\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "postgresql.conf"), $"port = {HostProcess.FreePort()}\n");

        using var run = await HostProcess.RunAsync(Local(folder), "migrate");

        run.ExitCode.Should().Be(1);
        var lines = run.ErrorLines.Where(l => !l.StartsWith("[database]", StringComparison.Ordinal)).ToList();
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith($"The local PostgreSQL cluster in {folder} did not start:");
        lines[1].Should().Be($"See {folder}/server.log; to start afresh, stop it and delete the folder (README, \"The local database\").");
    }

    [Fact]
    public async Task A_host_killed_while_initialising_leaves_no_cluster_and_the_next_start_makes_one()
    {
        var folder = Path.Combine(scratch, "data");
        using (var first = HostProcess.Start(Local(folder), "migrate"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Directory.EnumerateDirectories(scratch, "data.initialising-*").Any() && DateTime.UtcNow < deadline) await Task.Delay(20);
            first.Dispose(); // kill -9, initdb with it
        }
        Directory.Exists(folder).Should().BeFalse("a cluster folder appears only once it is whole");

        using var second = await HostProcess.RunAsync(Local(folder), "migrate");
        var cluster = BuildingBlocks.Hosting.LocalPostgres.StartOrReuse(folder); // the server the host started: stopped below
        try
        {
            second.ExitCode.Should().Be(0, second.Error);
            cluster.Port.Should().NotBe(5432);
            Directory.EnumerateDirectories(scratch, "data.initialising-*").Should().BeEmpty();
        }
        finally
        {
            cluster.Stop(immediate: true);
        }
    }
}
