using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using PersonalTutoring.BuildingBlocks.EventSourcing;
using PersonalTutoring.BuildingBlocks.Projections;

namespace PersonalTutoring.BuildingBlocks.Tests.Support;

// A tiny ledger domain: enough to exercise every path of the foundation without any module.
public sealed record Deposited(string Account, int Amount);
public sealed record Withdrawn(string Account, int Amount);
public sealed record DepositedV1(string Account, int Cents); // an old shape, read through an upcaster
public sealed record Noted(string Account, string Text); // read by no projection

public sealed record Balance(string Account, int Total, int Deposits, long LastVersion);

public sealed record Ledger(int Total, int Count) : IWriteModel<Ledger>
{
    public string Id { get; init; } = "";

    public static Ledger Initial => new(0, 0);

    public Ledger Evolve(IEvent e) => e.Data switch
    {
        Deposited d => this with { Total = Total + d.Amount, Count = Count + 1 },
        Withdrawn w => this with { Total = Total - w.Amount, Count = Count + 1 },
        _ => this,
    };
}

/// <summary>A balance per account stream; inline or async as the test needs.</summary>
public sealed class BalanceProjection(ProjectionLifecycle lifecycle = ProjectionLifecycle.Async, string name = "balances") : StreamFoldProjection<Balance>
{
    public override ProjectionLifecycle Lifecycle => lifecycle;

    public override string Name => name;

    public override IReadOnlyCollection<Type> EventTypes => [typeof(Deposited), typeof(Withdrawn)];

    protected override Balance? Evolve(Balance? current, IEvent e)
    {
        var balance = current ?? new Balance(e.StreamKey!, 0, 0, 0);
        return e.Data switch
        {
            Deposited d when d.Amount < 0 => null, // a negative deposit closes the account: the document is deleted
            Deposited d => balance with { Total = balance.Total + d.Amount, Deposits = balance.Deposits + 1, LastVersion = e.Version },
            Withdrawn w => balance with { Total = balance.Total - w.Amount, LastVersion = e.Version },
            _ => balance,
        };
    }
}

/// <summary>
/// Writes one row per event it is given, in the daemon's batch transaction, so tests can count duplicates and check
/// order. <paramref name="onEvent"/> lets a test block or fail the projection at a chosen event.
/// </summary>
public sealed class AppliedLog(string host, Func<IEvent, Task>? onEvent = null) : IProjection
{
    public const string Name = "applied-log";
    public const string Ddl = "CREATE TABLE IF NOT EXISTS public.applied (ord bigserial PRIMARY KEY, seq bigint NOT NULL, stream text NOT NULL, host text NOT NULL)";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            try { if (onEvent is not null) await onEvent(e); }
            catch (Exception error) when (error is FormatException) { throw new ApplyEventException(e, error); }
            operations.QueueSqlCommand("INSERT INTO public.applied (seq, stream, host) VALUES (?, ?, ?)", e.Sequence, e.StreamKey!, host);
        }
    }

    public void Register(StoreOptions options)
    {
        var source = new ProjectionWrapper<IDocumentOperations, IQuerySession>(this, ProjectionLifecycle.Async) { Name = Name };
        source.IncludeType<Deposited>();
        source.IncludeType<Withdrawn>();
        source.Options.BatchSize = 500;
        options.Projections.Add(source, ProjectionLifecycle.Async);
    }
}

public static class Ledgers
{
    public static void Configure(StoreOptions options, params FoldProjection<Balance>[] projections)
    {
        options.Events.MapEventType<Deposited>("ledger.deposited");
        options.Events.MapEventType<Withdrawn>("ledger.withdrawn");
        options.Events.MapEventType<Noted>("ledger.noted");
        options.Events.Upcast<DepositedV1, Deposited>("ledger.deposited_v1", old => new Deposited(old.Account, old.Cents / 100));
        options.AddWriteModel<Ledger>();
        options.Schema.For<Balance>().DatabaseSchemaName("ledger").Identity(b => b.Account).Index(b => b.Total);
        foreach (var projection in projections) options.AddFold(projection);
    }
}
