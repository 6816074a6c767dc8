using Npgsql;
using PersonalTutoring.BuildingBlocks.EventSourcing;

namespace PersonalTutoring.BuildingBlocks.Documents;

/// <summary>Read-side access to documents for query endpoints: each call borrows a pooled connection.</summary>
public sealed class DocumentReader(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    public async Task<T> ReadAsync<T>(Func<DocumentOperations, Task<T>> read, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await read(new DocumentOperations(connection, null, options.Documents));
    }

    public Task<T?> LoadAsync<T>(string id, CancellationToken ct = default) where T : class =>
        ReadAsync(ops => ops.LoadAsync<T>(id, ct), ct);

    public Task<IReadOnlyList<T>> QueryAsync<T>(string where, IReadOnlyDictionary<string, object?>? parameters = null, string? orderBy = null, CancellationToken ct = default) where T : class =>
        ReadAsync(ops => ops.QueryAsync<T>(where, parameters, orderBy, ct), ct);
}
