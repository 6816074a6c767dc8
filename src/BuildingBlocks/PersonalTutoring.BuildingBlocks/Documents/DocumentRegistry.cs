using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace PersonalTutoring.BuildingBlocks.Documents;

/// <summary>
/// Read-model documents: one jsonb table per type in its module's schema (rule 9), with optional
/// expression indexes for the fields its queries filter on.
/// </summary>
public sealed partial class DocumentRegistry
{
    private readonly ConcurrentDictionary<Type, DocumentMapping> mappings = new();

    public IReadOnlyCollection<DocumentMapping> All => mappings.Values.ToArray();

    public DocumentMapping Register<T>(string schema, string table) where T : class
    {
        if (!Identifier().IsMatch(schema) || !Identifier().IsMatch(table))
            throw new ArgumentException($"'{schema}.{table}' is not a plain lower-case identifier.");
        var mapping = new DocumentMapping(typeof(T), schema, table);
        if (!mappings.TryAdd(typeof(T), mapping))
            throw new InvalidOperationException($"{typeof(T).Name} is already mapped to a document table.");
        return mapping;
    }

    public DocumentMapping For(Type type) =>
        mappings.TryGetValue(type, out var mapping)
            ? mapping
            : throw new InvalidOperationException($"{type.Name} is not a registered document type.");

    public DocumentMapping For<T>() => For(typeof(T));

    [GeneratedRegex("^[a-z][a-z0-9_]{0,40}$")]
    internal static partial Regex Identifier();
}

public sealed class DocumentMapping(Type documentType, string schema, string table)
{
    private readonly List<(string Name, string Expression, bool Unique)> indexes = [];

    public Type DocumentType { get; } = documentType;
    public string Schema { get; } = schema;
    public string Table { get; } = table;
    public string TableName => $"{Schema}.{Table}";

    /// <summary>An expression index, e.g. <c>Index("school", "(data->>'schoolCode')")</c>.</summary>
    public DocumentMapping Index(string name, string expression, bool unique = false)
    {
        if (!DocumentRegistry.Identifier().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a plain lower-case identifier.");
        indexes.Add((name, expression, unique));
        return this;
    }

    internal string ShadowTable => $"{Table}__rebuild";

    internal string ShadowTableName => $"{Schema}.{ShadowTable}";

    /// <summary>DDL for this document's table under a given (real or shadow) name.</summary>
    internal string CreateDdl(string qualifiedTable, bool unlogged = false)
    {
        var bareTable = qualifiedTable[(qualifiedTable.IndexOf('.') + 1)..];
        var ddl = $"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE {(unlogged ? "UNLOGGED " : "")}TABLE IF NOT EXISTS {qualifiedTable} (
                id            text        PRIMARY KEY,
                data          jsonb       NOT NULL,
                last_seq_id   bigint,
                last_modified timestamptz NOT NULL DEFAULT now()
            );
            """;
        foreach (var (name, expression, unique) in indexes)
            ddl += $"\nCREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {bareTable}_{name} ON {qualifiedTable} ({expression});";
        return ddl;
    }

    /// <summary>Replaces the live table with the rebuilt shadow one; runs inside the switching transaction.</summary>
    internal string SwapShadowDdl()
    {
        // The shadow table is filled unlogged (no WAL per row); made durable in one pass before it goes live.
        var ddl = $"""
            ALTER TABLE {ShadowTableName} SET LOGGED;
            DROP TABLE IF EXISTS {TableName};
            ALTER TABLE {ShadowTableName} RENAME TO {Table};
            ALTER INDEX {Schema}.{ShadowTable}_pkey RENAME TO {Table}_pkey;
            """;
        foreach (var (name, _, _) in indexes)
            ddl += $"\nALTER INDEX {Schema}.{ShadowTable}_{name} RENAME TO {Table}_{name};";
        return ddl;
    }
}
