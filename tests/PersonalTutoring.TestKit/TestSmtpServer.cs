using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PersonalTutoring.TestKit;

/// <summary>A message as the relay took it: the envelope, the login that sent it and the DATA exactly as transmitted.</summary>
public sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> Recipients, string? User, string? Mechanism, string Data);

/// <summary>
/// A small SMTP relay on a loopback port, for tests: EHLO/HELO, AUTH PLAIN and LOGIN (with or without an initial
/// response), MAIL, RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT; no TLS. It records what it accepts, and refuses
/// recipients when <see cref="RefuseRecipient"/> returns a reply for them. Also the sink of the benchmark's host (linked into bench/).
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<ReceivedMail> received = new();
    private readonly ConcurrentBag<Task> sessions = [];
    private readonly Task accepting;
    private int connections;
    private int disposed;

    public TestSmtpServer(string[]? mechanisms = null, (string User, string Password)? login = null)
    {
        Mechanisms = mechanisms ?? ["PLAIN", "LOGIN"];
        Login = login;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The SASL mechanisms EHLO offers.</summary>
    public string[] Mechanisms { get; }

    /// <summary>When set, MAIL needs a successful AUTH with these credentials first.</summary>
    public (string User, string Password)? Login { get; }

    /// <summary>A reply such as <c>451 4.3.2 Try again later</c> for a recipient to refuse; null accepts it.</summary>
    public Func<string, string?> RefuseRecipient { get; set; } = _ => null;

    public IReadOnlyList<ReceivedMail> Received => [.. received];

    public int Connections => Volatile.Read(ref connections);

    /// <summary>Waits until <paramref name="count"/> messages have been accepted.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, int seconds = 20)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(seconds); received.Count < count; await Task.Delay(50))
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{received.Count} of {count} messages arrived.");
        return Received;
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            Interlocked.Increment(ref connections);
            sessions.Add(Task.Run(() => SessionAsync(client)));
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        // Latin-1 maps every byte to one char, so DATA is kept byte for byte (7-bit here: no 8BITMIME is offered).
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
        string? user = null, mechanism = null, from = null;
        var recipients = new List<string>();
        try
        {
            await writer.WriteLineAsync("220 test-smtp ESMTP ready");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-test-smtp greets " + argument);
                        if (Mechanisms.Length > 0) await writer.WriteLineAsync("250-AUTH " + string.Join(' ', Mechanisms));
                        await writer.WriteLineAsync("250 HELP");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 test-smtp");
                        break;
                    case "AUTH":
                        (user, mechanism) = await AuthenticateAsync(argument, reader, writer) is { } who ? (who, argument.Split(' ')[0].ToUpperInvariant()) : (null, null);
                        break;
                    case "MAIL":
                        if (Login is not null && user is null) { await writer.WriteLineAsync("530 5.7.0 Authentication required"); break; }
                        from = Address(argument);
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.1.0 Sender OK");
                        break;
                    case "RCPT":
                        var to = Address(argument);
                        if (from is null) { await writer.WriteLineAsync("503 5.5.1 MAIL first"); break; }
                        if (RefuseRecipient(to) is { } refusal) { await writer.WriteLineAsync(refusal); break; }
                        recipients.Add(to);
                        await writer.WriteLineAsync("250 2.1.5 Recipient OK");
                        break;
                    case "DATA":
                        if (recipients.Count == 0) { await writer.WriteLineAsync("554 5.5.1 No valid recipients"); break; }
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(stop.Token) is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        received.Enqueue(new ReceivedMail(from!, [.. recipients], user, mechanism, data.ToString()));
                        (from, recipients) = (null, []);
                        await writer.WriteLineAsync("250 2.0.0 Queued");
                        break;
                    case "RSET":
                        (from, recipients) = (null, []);
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not recognised");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    /// <summary>Runs one AUTH exchange; returns the user it authenticated, or null after replying 535/504.</summary>
    private async Task<string?> AuthenticateAsync(string argument, StreamReader reader, StreamWriter writer)
    {
        var parts = argument.Split(' ', 2);
        var mechanism = parts[0].ToUpperInvariant();
        var initial = parts.Length > 1 ? parts[1] : null;
        if (!Mechanisms.Contains(mechanism)) { await writer.WriteLineAsync("504 5.5.4 Mechanism not offered"); return null; }
        async Task<string> AskAsync(string challenge)
        {
            await writer.WriteLineAsync("334 " + challenge);
            return await reader.ReadLineAsync(stop.Token) ?? "";
        }
        string user, password;
        if (mechanism == "PLAIN")
        {
            // authzid NUL authcid NUL passwd (RFC 4616)
            var fields = Decode(initial ?? await AskAsync("")).Split('\0');
            (user, password) = fields.Length == 3 ? (fields[1], fields[2]) : ("", "");
        }
        else
        {
            user = Decode(initial ?? await AskAsync(Convert.ToBase64String("Username:"u8)));
            password = Decode(await AskAsync(Convert.ToBase64String("Password:"u8)));
        }
        if (Login is { } expected && (user != expected.User || password != expected.Password))
        {
            await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
            return null;
        }
        await writer.WriteLineAsync("235 2.7.0 Authentication successful");
        return user;
    }

    private static string Decode(string base64)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim())); }
        catch (FormatException) { return ""; }
    }

    /// <summary>The address in <c>FROM:&lt;a@b&gt; SIZE=…</c> or <c>TO:&lt;a@b&gt;</c>.</summary>
    private static string Address(string argument)
    {
        var open = argument.IndexOf('<');
        var close = argument.IndexOf('>', open + 1);
        return open >= 0 && close > open ? argument[(open + 1)..close] : argument;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return; // a test host may dispose its relay twice
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        await Task.WhenAll(sessions);
        stop.Dispose();
    }
}
