using System.Text.Json;

namespace PersonalTutoring.Contract.Tests;

/// <summary>What the integrators rely on, read from the served document (docs/adr/0052).</summary>
public sealed class ContractShapeTests(TutoringApiFactory api) : IClassFixture<TutoringApiFactory>
{
    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;

    private static string Ref(JsonElement content) => content.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;

    [Fact]
    public async Task Integration_bodies_have_the_contracts_own_schema_names_and_no_namespace_leaks()
    {
        var doc = await DocumentAsync();
        var paths = doc.GetProperty("paths");

        Ref(paths.GetProperty("/api/students/{studentId}").GetProperty("put").GetProperty("requestBody").GetProperty("content")).Should().Be("#/components/schemas/StudentUpsert");
        var batch = paths.GetProperty("/api/students/batch").GetProperty("post");
        Ref(batch.GetProperty("requestBody").GetProperty("content")).Should().Be("#/components/schemas/StudentBatchUpsert");
        Ref(batch.GetProperty("responses").GetProperty("200").GetProperty("content")).Should().Be("#/components/schemas/BatchUpsertResult");
        Ref(paths.GetProperty("/api/tutors/{staffId}").GetProperty("put").GetProperty("requestBody").GetProperty("content")).Should().Be("#/components/schemas/TutorUpsert");
        Ref(paths.GetProperty("/api/allocations").GetProperty("post").GetProperty("requestBody").GetProperty("content")).Should().Be("#/components/schemas/TutorAllocationRequest");
        doc.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name)
            .Should().OnlyContain(n => !n.Contains('.') && !n.Contains('+'), "schema names never carry a namespace or nesting");
    }

    [Fact]
    public async Task Validated_members_are_required_and_not_nullable_and_optional_ones_are_neither()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var student = schemas.GetProperty("StudentUpsert");
        var tutor = schemas.GetProperty("TutorUpsert");

        student.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo(
            "givenName", "familyName", "email", "schoolCode", "programmeCode", "level", "yearOfStudy", "registeredOn", "status", "studentRouteVisa", "visitingStudyAbroad");
        student.GetProperty("properties").GetProperty("givenName").TryGetProperty("nullable", out _).Should().BeFalse();
        schemas.GetProperty("StudentBatchRow").GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Contain("studentId");
        tutor.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().NotContain("capacity", "capacity defaults to the policy's target");
        tutor.GetProperty("properties").GetProperty("capacity").GetProperty("nullable").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_versioned_write_documents_if_match_412_and_etag_and_every_call_401_415_and_503()
    {
        var put = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/students/{studentId}").GetProperty("put");
        var responses = put.GetProperty("responses");

        put.GetProperty("parameters").EnumerateArray().Should().Contain(p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header");
        responses.EnumerateObject().Select(r => r.Name).Should().Contain(["401", "403", "412", "415", "503"]);
        responses.GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _).Should().BeTrue();
        responses.GetProperty("412").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()
            .Should().Be("#/components/schemas/Problem");
        put.GetProperty("description").GetString().Should().EndWith("Roles: Admin, Integration.");
        put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("givenName").GetString().Should().Be("Zoë");
    }
}
