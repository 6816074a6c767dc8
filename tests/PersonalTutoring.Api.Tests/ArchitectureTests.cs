using System.Reflection;

namespace PersonalTutoring.Api.Tests;

/// <summary>The module boundaries of docs/adr/0003-module-boundaries.md, checked by reflection over the built assemblies.</summary>
public sealed class ArchitectureTests
{
    private static readonly IReadOnlyList<Assembly> Assemblies = Directory.GetFiles(AppContext.BaseDirectory, "PersonalTutoring.*.dll")
        .Select(path => Assembly.LoadFrom(path))
        .Where(a => !a.GetName().Name!.EndsWith(".Tests", StringComparison.Ordinal) && a.GetName().Name is not "PersonalTutoring.TestKit" and not "PersonalTutoring.Host")
        .ToList();

    private static IEnumerable<Assembly> ModuleAssemblies => Assemblies.Where(a => a.GetName().Name is not "PersonalTutoring.BuildingBlocks" && !IsContracts(a));

    /// <summary>
    /// The web shell (docs/adr/0059) is not a module: it owns no data and no events, and still obeys the reference rule
    /// above (BuildingBlocks and Contracts only). It is exempt from the internals rule alone, because Blazor's router finds
    /// routable pages among an assembly's exported types and the host names its entry points: its pages are public by need.
    /// </summary>
    private const string WebShell = "PersonalTutoring.Web";

    private static bool IsContracts(Assembly a) => a.GetName().Name!.EndsWith(".Contracts", StringComparison.Ordinal);

    [Fact]
    public void The_modules_are_found()
    {
        ModuleAssemblies.Select(a => a.GetName().Name).Should().Contain("PersonalTutoring.Governance");
    }

    [Fact]
    public void A_module_references_only_building_blocks_and_other_modules_contracts()
    {
        var offences = ModuleAssemblies
            .SelectMany(m => m.GetReferencedAssemblies()
                .Where(r => r.Name!.StartsWith("PersonalTutoring.", StringComparison.Ordinal))
                .Where(r => r.Name != "PersonalTutoring.BuildingBlocks" && !r.Name!.EndsWith(".Contracts", StringComparison.Ordinal))
                .Select(r => $"{m.GetName().Name} -> {r.Name}"))
            .ToList();

        offences.Should().BeEmpty();
    }

    [Fact]
    public void Contracts_reference_no_module_internals()
    {
        var offences = Assemblies.Where(IsContracts)
            .SelectMany(c => c.GetReferencedAssemblies()
                .Where(r => r.Name!.StartsWith("PersonalTutoring.", StringComparison.Ordinal) && !r.Name!.EndsWith(".Contracts", StringComparison.Ordinal) && r.Name != "PersonalTutoring.BuildingBlocks")
                .Select(r => $"{c.GetName().Name} -> {r.Name}"))
            .ToList();

        offences.Should().BeEmpty();
    }

    [Fact]
    public void Only_the_module_registration_is_public_in_a_module()
    {
        var exposed = ModuleAssemblies.Where(m => m.GetName().Name != WebShell)
            .SelectMany(m => m.GetExportedTypes().Where(t => t.Name != m.GetName().Name!.Replace("PersonalTutoring.", "") + "Module")
                .Except(WolverineSurface(m))
                .Select(t => t.FullName))
            .ToList();

        exposed.Should().BeEmpty("everything but AddXModule/MapXEndpoints is internal (rule 7), except what Wolverine's generated handlers must name");
    }

    /// <summary>
    /// Wolverine discovers only public handler classes (name suffix Handler or Consumer), and its generated code,
    /// compiled outside the module, names their handle methods' messages, dependencies and results: those may be public.
    /// </summary>
    private static IEnumerable<Type> WolverineSurface(Assembly module)
    {
        var handlers = module.GetExportedTypes().Where(t => t.Name.EndsWith("Handler", StringComparison.Ordinal) || t.Name.EndsWith("Consumer", StringComparison.Ordinal)).ToList();
        var named = handlers
            .SelectMany(h => h.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name is "Handle" or "HandleAsync" or "Consume" or "ConsumeAsync")
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .Where(t => t.Assembly == module);
        return handlers.Concat(named).Distinct();
    }
}
