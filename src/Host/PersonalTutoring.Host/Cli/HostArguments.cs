namespace PersonalTutoring.Host.Cli;

/// <summary>The arguments <c>serve</c> hands to the web host: options (<c>--urls URL</c>, <c>--Section:Key=value</c>) and <c>key=value</c> pairs.</summary>
internal static class HostArguments
{
    /// <summary>The first token that is neither an option, an option's value, nor <c>key=value</c>: a verb we do not have.</summary>
    public static string? Stray(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith('-'))
            {
                if (!token.Contains('=') && i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-')) i++; // its value
                continue;
            }
            if (!token.Contains('=')) return token;
        }
        return null;
    }

    /// <summary>
    /// Outside Development the content root is the application's folder wherever the host is started from (so its
    /// appsettings.json is always the one beside it); unless <c>--verbose</c>, the host's own report of a failed start
    /// (a stack trace) is left to <see cref="Failures"/>, which says it in a line or two.
    /// </summary>
    public static IEnumerable<string> ForServing(IReadOnlyList<string> tokens, bool verbose)
    {
        foreach (var token in tokens) yield return token;
        if (!IsDevelopment(tokens) && !tokens.Any(t => t.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)))
            yield return $"--contentRoot={AppContext.BaseDirectory}";
        if (!verbose) yield return "--Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host=None";
    }

    private static bool IsDevelopment(IReadOnlyList<string> tokens)
    {
        string? environment = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (string.Equals(tokens[i], "--environment", StringComparison.OrdinalIgnoreCase) && i + 1 < tokens.Count) environment = tokens[i + 1];
            else if (tokens[i].StartsWith("--environment=", StringComparison.OrdinalIgnoreCase)) environment = tokens[i]["--environment=".Length..];
        }
        environment ??= Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        return string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase);
    }
}
