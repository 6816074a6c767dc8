using static PersonalTutoring.Contract.Tests.ContractTools;

namespace PersonalTutoring.Contract.Tests;

/// <summary>
/// The student-record system's client (docs/adr/0052): Kiota generates it from the served contract, restricted to the
/// integration routes. The committed <c>Client/</c> must be what Kiota generates today, so a contract change shows up as
/// a client change in review. <c>regenerate-client.sh</c> (this test with <c>UPDATE_CONTRACT_CLIENT=1</c>) rewrites it.
/// </summary>
public sealed class GeneratedClientTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    /// <summary>The paths the student-record system uses; the one place Kiota's arguments are written.</summary>
    private static readonly string[] IntegrationPaths =
    [
        "/api/students/{studentId}", "/api/students/batch", "/api/students/{studentId}/allocation-history",
        "/api/tutors/{staffId}", "/api/allocations", "/api/feed",
    ];

    private static string ClientFolder => Path.Combine(ProjectFolder, "Client");

    [Fact]
    public async Task The_committed_client_is_what_kiota_generates_from_the_contract_today()
    {
        var update = Environment.GetEnvironmentVariable("UPDATE_CONTRACT_CLIENT") == "1";
        var output = update ? ClientFolder : Directory.CreateTempSubdirectory("pt-kiota-").FullName;
        try
        {
            await GenerateAsync(output);
            if (update) return;

            Files(output).Should().Equal(Files(ClientFolder), "Client/ is regenerated with tests/PersonalTutoring.Contract.Tests/regenerate-client.sh");
            foreach (var file in Files(output))
                Normalised(Path.Combine(ClientFolder, file)).Should().Be(Normalised(Path.Combine(output, file)),
                    "Client/{0} is as Kiota generates it (run regenerate-client.sh after changing the contract)", file);
        }
        finally
        {
            if (!update) Directory.Delete(output, recursive: true);
        }
    }

    private async Task GenerateAsync(string output)
    {
        var document = Path.Combine(Path.GetTempPath(), $"pt-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        try
        {
            var restore = await RunAsync("dotnet", RepositoryRoot, null, "tool", "restore");
            restore.ExitCode.Should().Be(0, "dotnet tool restore installs Kiota (dotnet-tools.json): {0}{1}", restore.Output, restore.Errors);
            string[] arguments =
            [
                "tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", document, "--output", output,
                "--class-name", "StudentRecordClient", "--namespace-name", "PersonalTutoring.Contract.Tests.Client",
                "--exclude-backward-compatible", "--clean-output", "--log-level", "Warning",
                .. IntegrationPaths.SelectMany(p => new[] { "--include-path", p }),
            ];
            var offline = new Dictionary<string, string> { ["KIOTA_OFFLINE_ENABLED"] = "true", ["KIOTA_TUTORIAL_ENABLED"] = "false" };
            var kiota = await RunAsync("dotnet", RepositoryRoot, offline, arguments);
            kiota.ExitCode.Should().Be(0, "Kiota generates the client: {0}{1}", kiota.Output, kiota.Errors);
            (kiota.Output + kiota.Errors).Should().NotContain("warn:", "Kiota has no complaint about the integration routes");
            // The lock file records where the document was read from and the log its run; neither is the client.
            foreach (var noise in new[] { "kiota-lock.json", ".kiota.log" }) File.Delete(Path.Combine(output, noise));
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static List<string> Files(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
            : [];

    private static string Normalised(string path) => File.ReadAllText(path).ReplaceLineEndings("\n");
}
