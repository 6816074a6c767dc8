using System.Text;
using PersonalTutoring.Host.Infrastructure;

namespace PersonalTutoring.Api.Tests;

/// <summary>What the connection middleware rewrites: Kestrel's bare refusals, and nothing the application wrote.</summary>
public sealed class ServerRefusalTests
{
    private static byte[]? Rewrite(string head) => ServerRefusals.Refusal.TryRewrite(Encoding.ASCII.GetBytes(head));

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nDate: Mon, 30 Nov 2026 20:00:00 GMT\r\n\r\n", 400)]
    [InlineData("HTTP/1.1 414 URI Too Long\r\nContent-Length: 0\r\nConnection: close\r\nDate: Mon, 30 Nov 2026 20:00:00 GMT\r\n\r\n", 414)]
    [InlineData("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 431)]
    public void A_bare_refusal_gets_a_problem_body_of_the_length_it_declares(string head, int status)
    {
        var rewritten = Encoding.UTF8.GetString(Rewrite(head)!);

        var (headers, body) = (rewritten[..rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal)], rewritten[(rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        headers.Should().StartWith($"HTTP/1.1 {status} ").And.Contain("Content-Type: application/problem+json").And.Contain("Connection: close");
        headers.Should().Contain($"Content-Length: {Encoding.UTF8.GetByteCount(body)}");
        System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32().Should().Be(status);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nContent-Type: application/problem+json\r\n\r\n")] // the application's own (a HEAD)
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")] // kept alive: not a refusal
    [InlineData("HTTP/1.1 204 No Content\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("{\"json\":\"that happens to be flushed alone\"}")]
    public void Anything_else_passes_through_untouched(string written)
    {
        Rewrite(written).Should().BeNull();
    }
}
