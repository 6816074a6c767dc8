using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PersonalTutoring.Host.Infrastructure;

/// <summary>
/// Kestrel refuses some requests before any middleware runs (a request line over its limit: 414; a NUL in the path or
/// a malformed request line: 400; headers too large: 431) and answers them with an empty body and
/// <c>Connection: close</c>. ASP.NET Core has no hook for those answers, so a connection middleware gives them the
/// problem body every other error has: it watches what Kestrel writes and, when a flush is exactly such a refusal
/// (an HTTP/1.x 4xx/5xx status line, <c>Content-Length: 0</c>, <c>Connection: close</c>, no <c>Content-Type</c>),
/// adds an <c>application/problem+json</c> body. The application's own errors always carry a Content-Type, so they
/// are never touched. HTTP/1.x in clear text only: behind TLS terminated by Kestrel it sees ciphertext and passes it on.
/// </summary>
internal static class ServerRefusals
{
    public static void UseProblemBodiesForServerRefusals(this ListenOptions listen) => listen.Use(next => async connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new Pipe(transport.Input, new RefusalWriter(transport.Output));
        try { await next(connection); }
        finally { connection.Transport = transport; }
    });

    private sealed record Pipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>Buffers what Kestrel writes until it flushes, then passes it on (rewritten when it is a bare refusal).</summary>
    private sealed class RefusalWriter(PipeWriter inner) : PipeWriter
    {
        private const int KeepBufferBytes = 64 * 1024;
        private ArrayBufferWriter<byte> pending = new(4096);

        // Kestrel passes these through to the transport; System.Text.Json uses them to decide when to flush.
        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => pending.WrittenCount + (inner.CanGetUnflushedBytes ? inner.UnflushedBytes : 0);

        public override void Advance(int bytes) => pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Pass();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            Pass();
            await inner.CompleteAsync(exception);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Pass();
            return inner.FlushAsync(cancellationToken);
        }

        private void Pass()
        {
            if (pending.WrittenCount == 0) return;
            var written = pending.WrittenSpan;
            if (Refusal.TryRewrite(written) is { } rewritten) inner.Write(rewritten);
            else inner.Write(written);
            if (pending.Capacity > KeepBufferBytes) pending = new ArrayBufferWriter<byte>(4096); // do not hold a large answer's buffer
            else pending.ResetWrittenCount();
        }
    }

    internal static class Refusal
    {
        private const int MaxHeadBytes = 1024;

        /// <summary>The same head with a problem body, or null when <paramref name="head"/> is anything but a bare refusal.</summary>
        public static byte[]? TryRewrite(ReadOnlySpan<byte> head)
        {
            if (head.Length > MaxHeadBytes || !head.EndsWith("\r\n\r\n"u8) || !(head.StartsWith("HTTP/1.1 "u8) || head.StartsWith("HTTP/1.0 "u8))) return null;
            var text = Encoding.ASCII.GetString(head);
            var lines = text[..^4].Split("\r\n");
            var statusLine = lines[0].Split(' ', 3);
            if (statusLine.Length < 2 || !int.TryParse(statusLine[1], out var status) || status < 400) return null;
            var headers = lines.Skip(1).ToList();
            bool Has(string name, string? value = null) => headers.Any(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)
                && (value is null || h[(name.Length + 1)..].Trim().Equals(value, StringComparison.OrdinalIgnoreCase)));
            if (!Has("Content-Length", "0") || !Has("Connection", "close") || Has("Content-Type") || Has("Transfer-Encoding")) return null;

            var reason = statusLine.Length > 2 ? statusLine[2] : "Refused";
            var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
            {
                type = PersonalTutoring.BuildingBlocks.Http.ProblemTypes.For(status),
                title = "The server refused the request before reading it.",
                status,
                detail = reason,
            }));
            var rewritten = new StringBuilder().Append(lines[0]).Append("\r\n");
            foreach (var header in headers.Where(h => !h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
                rewritten.Append(header).Append("\r\n");
            rewritten.Append("Content-Type: application/problem+json\r\n")
                .Append("X-Content-Type-Options: nosniff\r\n")
                .Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
            return [.. Encoding.ASCII.GetBytes(rewritten.ToString()), .. body];
        }
    }
}
