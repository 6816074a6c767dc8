using PersonalTutoring.Host.Cli;

/// <summary>The single executable: the API host and its CLI verbs.</summary>
public partial class Program
{
    public static Task<int> Main(string[] args) => CommandLine.InvokeAsync(args);
}
