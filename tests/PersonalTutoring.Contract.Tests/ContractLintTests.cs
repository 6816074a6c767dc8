using System.Text.Json;
using static PersonalTutoring.Contract.Tests.ContractTools;

namespace PersonalTutoring.Contract.Tests;

/// <summary>
/// The served OpenAPI document has no error, warning, information or hint under Spectral's recommended OpenAPI rules
/// (<c>spectral:oas</c>): descriptions, tags, servers, examples valid against their schemas, no unused components.
/// Spectral is installed from <c>lint/package-lock.json</c> on first use; without Node.js the test fails.
/// </summary>
public sealed class ContractLintTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    [Fact]
    public async Task The_contract_passes_spectrals_recommended_openapi_rules_without_a_finding()
    {
        var document = Path.Combine(Path.GetTempPath(), $"pt-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var lint = Path.Combine(ProjectFolder, "lint");
        try
        {
            if (!File.Exists(Path.Combine(lint, "node_modules", "@stoplight", "spectral-cli", "package.json")))
            {
                var install = await RunAsync("npm", lint, null, "ci", "--no-audit", "--no-fund");
                install.ExitCode.Should().Be(0, "npm ci installs Spectral: {0}{1}", install.Output, install.Errors);
            }

            var (_, output, errors) = await RunAsync("node", lint, null, Path.Combine("node_modules", "@stoplight", "spectral-cli", "dist", "index.js"),
                "lint", document, "--ruleset", ".spectral.yaml", "--format", "json", "--quiet");

            output.Should().NotBeNullOrWhiteSpace("Spectral reports its findings as JSON: {0}", errors);
            var findings = JsonDocument.Parse(output).RootElement.EnumerateArray()
                .Select(f => $"{f.GetProperty("code").GetString()} at {string.Join('.', f.GetProperty("path").EnumerateArray().Select(p => p.ToString()))}: {f.GetProperty("message").GetString()}")
                .ToList();
            findings.Should().BeEmpty();
        }
        finally
        {
            File.Delete(document);
        }
    }
}
