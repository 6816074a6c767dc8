using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace PersonalTutoring.BuildingBlocks.Messaging;

/// <summary>A message Wolverine gave up on after its retries (Wolverine's dead-letter storage).</summary>
public sealed record MessageDeadLetter(Guid Id, string MessageType, string ExceptionType, string ExceptionMessage, DateTimeOffset SentAt, bool Replayable);

/// <summary>Lists, replays and discards Wolverine's dead letters, for an Admin (endpoint and CLI).</summary>
public sealed class MessageDeadLetters(IMessageStore messages)
{
    public async Task<IReadOnlyList<MessageDeadLetter>> ListAsync(string? messageType, int limit, CancellationToken ct)
    {
        var query = new DeadLetterEnvelopeQuery { PageSize = limit, PageNumber = 1, MessageType = messageType };
        var results = await messages.DeadLetters.QueryAsync(query, ct);
        return results.Envelopes.Select(d => new MessageDeadLetter(d.Id, d.MessageType, d.ExceptionType, d.ExceptionMessage, d.SentAt, d.Replayable)).ToList();
    }

    /// <summary>Puts the dead letters back on their queue; Wolverine handles them again (with the same retry policy).</summary>
    public async Task ReplayAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await messages.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery(ids.ToArray()), ct);
    }

    /// <summary>Deletes the dead letters for good: the Admin has dealt with them another way (or they are not worth handling).</summary>
    public async Task DiscardAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await messages.DeadLetters.DiscardAsync(new DeadLetterEnvelopeQuery(ids.ToArray()), ct);
    }
}
