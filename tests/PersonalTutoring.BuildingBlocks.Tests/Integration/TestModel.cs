using PersonalTutoring.BuildingBlocks.Documents;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.BuildingBlocks.Tests.Integration;

// A tiny ledger domain: enough to exercise every path of the store without any module.
public sealed record Deposited(string Account, int Amount);
public sealed record Withdrawn(string Account, int Amount);
public sealed record DepositedV1(string Account, int Cents); // an old shape, read through an upcaster

public sealed record Balance(string Account, int Total, int Deposits, long LastSequence);

public sealed record Ledger(int Total, int Count) : IWriteModel<Ledger>
{
    public static Ledger Initial => new(0, 0);

    public Ledger Evolve(StoredEvent e) => e.Data switch
    {
        Deposited d => this with { Total = Total + d.Amount, Count = Count + 1 },
        Withdrawn w => this with { Total = Total - w.Amount, Count = Count + 1 },
        _ => this,
    };
}

public sealed class BalanceProjection : SingleStreamProjection<Balance>
{
    public override string Name => "balances";

    public override IReadOnlyCollection<Type> EventTypes => [typeof(Deposited), typeof(Withdrawn)];

    protected override Balance? Evolve(Balance? current, StoredEvent e)
    {
        var balance = current ?? new Balance(e.StreamId, 0, 0, 0);
        return e.Data switch
        {
            Deposited d => balance with { Total = balance.Total + d.Amount, Deposits = balance.Deposits + 1, LastSequence = e.Sequence },
            Withdrawn w => balance with { Total = balance.Total - w.Amount, LastSequence = e.Sequence },
            _ => balance,
        };
    }
}

/// <summary>Writes one row per application so tests can count duplicates and check order. Not a document projection.</summary>
public sealed class AppliedLogProjection(string host, Func<StoredEvent, Task>? onEvent = null) : Projection
{
    public const string Ddl = "CREATE TABLE IF NOT EXISTS public.applied (ord bigserial PRIMARY KEY, seq bigint NOT NULL, host text NOT NULL)";

    public override string Name => "applied-log";

    public override IReadOnlyCollection<Type> DocumentTypes => [];

    public override async Task ApplyAsync(DocumentOperations operations, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            if (onEvent is not null) await onEvent(e);
            await using var command = operations.Command("INSERT INTO public.applied (seq, host) VALUES (@seq, @host)");
            command.Parameters.AddWithValue("seq", e.Sequence);
            command.Parameters.AddWithValue("host", host);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

public static class Ledgers
{
    public static void Configure(EventStoreOptions o, params Projection[] projections)
    {
        o.Events.Register<Deposited>("ledger.deposited").Register<Withdrawn>("ledger.withdrawn")
            .Upcast<DepositedV1, Deposited>("ledger.deposited_v1", old => new Deposited(old.Account, old.Cents / 100));
        o.Documents.Register<Balance>("ledger", "balances").Index("total", "((data->>'total')::int)");
        foreach (var p in projections) o.Projections.Add(p);
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Set(DateTimeOffset to) => now = to;
}
