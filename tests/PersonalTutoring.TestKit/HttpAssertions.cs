using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;

namespace PersonalTutoring.TestKit;

public static class HttpAssertions
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return o;
    }

    /// <summary>Asserts the status and returns the body as JSON (problem details included), with the body in the failure message.</summary>
    public static async Task<JsonElement> ShouldBe(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the response was: {0}", body);
        if (string.IsNullOrWhiteSpace(body)) return default;
        try { return JsonDocument.Parse(body).RootElement.Clone(); }
        catch (JsonException) { return JsonDocument.Parse(JsonSerializer.Serialize(body)).RootElement.Clone(); }
    }

    /// <summary>Asserts an RFC 9457 problem of the given status and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", "errors are problem details");
        var problem = await response.ShouldBe(status);
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.TryGetProperty("title", out _).Should().BeTrue();
        return problem;
    }

    public static async Task<JsonElement> ShouldBe(this Task<HttpResponseMessage> response, HttpStatusCode status) => await (await response).ShouldBe(status);

    public static async Task<JsonElement> ShouldBeProblem(this Task<HttpResponseMessage> response, HttpStatusCode status) => await (await response).ShouldBeProblem(status);

    public static async Task<T> Read<T>(this Task<HttpResponseMessage> response, HttpStatusCode status = HttpStatusCode.OK) => await (await response).Read<T>(status);

    public static async Task<T> Read<T>(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the response was: {0}", body);
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static Task<HttpResponseMessage> PutJson<T>(this HttpClient client, string url, T body) => client.PutAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) => client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutRaw(this HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
