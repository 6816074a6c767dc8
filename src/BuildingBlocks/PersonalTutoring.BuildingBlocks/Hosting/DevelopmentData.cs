namespace PersonalTutoring.BuildingBlocks.Hosting;

/// <summary>
/// Where development-time files go: <c>.data/</c> at the root of the checkout (the folder holding
/// <c>PersonalTutoring.sln</c>, which <c>.gitignore</c> leaves out), found from the working directory or, when the
/// host is started from elsewhere, from the program's own folder. Outside a checkout: <c>.data/</c> in the working
/// directory. Never the project folder the host runs from, which is source.
/// </summary>
public static class DevelopmentData
{
    public static string Folder(string name) => Path.Combine(Root() ?? Directory.GetCurrentDirectory(), ".data", name);

    private static string? Root() => RootAbove(Directory.GetCurrentDirectory()) ?? RootAbove(AppContext.BaseDirectory);

    private static string? RootAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PersonalTutoring.sln"))) return dir.FullName;
        return null;
    }
}
