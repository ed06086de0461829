using System.Reflection;
using LossBench.Host.Options;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>
/// Loads one plugin folder into its own context and checks every [Plugin] type in it: exactly one
/// kind, a valid name, a usable constructor and options type, and a constructor that does not
/// throw with default options (each plugin is built once here, so a broken one shows up in
/// <c>lossbench list</c> rather than halfway through a benchmark). Never throws: what fails becomes
/// a <see cref="PluginFailure"/>.
/// </summary>
public sealed class PluginFolderLoader
{
    private static readonly Version HostSdkVersion = typeof(PluginAttribute).Assembly.GetName().Version!;

    public (IReadOnlyList<PluginDescriptor> Plugins, IReadOnlyList<PluginFailure> Failures) Load(PluginFolder folder)
    {
        var plugins = new List<PluginDescriptor>();
        var failures = new List<PluginFailure>();
        var mainAssemblies = MainAssemblies(folder.Path);
        if (mainAssemblies.Count == 0)
        {
            failures.Add(new PluginFailure(folder.Path, null,
                "no plugin assembly: expected <Name>.dll with <Name>.deps.json (build the plugin with <EnableDynamicLoading>true</EnableDynamicLoading>)"));
            return (plugins, failures);
        }
        foreach (var assemblyPath in mainAssemblies)
        {
            try
            {
                var context = new PluginLoadContext(assemblyPath);
                var assembly = context.LoadFromAssemblyPath(assemblyPath);
                if (CheckReferences(assembly, context) is { } problem)
                {
                    failures.Add(new PluginFailure(folder.Path, null, problem));
                    continue;
                }
                var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                              ?? assembly.GetName().Version?.ToString() ?? "0";
                var contentHash = AssemblyContentHash.Of(assemblyPath);
                foreach (var type in assembly.GetExportedTypes())
                {
                    if (type.GetCustomAttribute<PluginAttribute>() is not { } attribute) continue;
                    var result = Describe(type, attribute, folder, version, contentHash);
                    if (result.Failure is { } reason) failures.Add(new PluginFailure(folder.Path, type.FullName, reason));
                    else plugins.Add(result.Plugin!);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add(new PluginFailure(folder.Path, null, $"{Path.GetFileName(assemblyPath)} could not be loaded: {Explain(e)}"));
            }
        }
        return (plugins, failures);
    }

    /// <summary>The dlls with a deps.json beside them (what `dotnet build` of a plugin project leaves), or else the dll named after the folder.</summary>
    private static IReadOnlyList<string> MainAssemblies(string folder)
    {
        var withDeps = Directory.EnumerateFiles(folder, "*.deps.json")
            .Select(deps => Path.Combine(folder, Path.GetFileName(deps)[..^".deps.json".Length] + ".dll"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (withDeps.Length > 0) return withDeps;
        var named = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
        return File.Exists(named) ? [named] : [];
    }

    /// <summary>
    /// Loads every assembly the plugin references now, so that a missing dependency is reported
    /// at discovery with its name rather than as a TypeLoadException in the middle of a run.
    /// </summary>
    private static string? CheckReferences(Assembly assembly, PluginLoadContext context)
    {
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name == "LossBench.Sdk" && reference.Version is { } built && built > HostSdkVersion)
                return $"built against LossBench.Sdk {built}, newer than this tool's {HostSdkVersion}: update the tool";
            try
            {
                context.LoadFromAssemblyName(reference);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                return $"missing dependency {reference.Name} {reference.Version} (referenced by {assembly.GetName().Name}.dll): " +
                       "it is neither in the plugin folder nor provided by the host; copy the plugin's whole build output into the folder";
            }
        }
        return null;
    }

    private (PluginDescriptor? Plugin, string? Failure) Describe(Type type, PluginAttribute attribute, PluginFolder folder, string version, string contentHash)
    {
        if (!PluginName.IsValid(attribute.Name))
            return (null, $"the plugin name '{attribute.Name}' is not lower-case kebab-case (like 'label-smoothing')");
        if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
            return (null, $"[Plugin(\"{attribute.Name}\")] must be on a concrete, non-generic class");
        var kinds = PluginKinds.KindsOf(type);
        if (kinds.Count != 1)
        {
            var contracts = string.Join(", ", PluginKinds.All.Select(k => PluginKinds.ContractOf(k).Name));
            return (null, kinds.Count == 0
                ? $"[Plugin(\"{attribute.Name}\")] implements none of {contracts}"
                : $"[Plugin(\"{attribute.Name}\")] implements more than one of {contracts} ({string.Join(", ", kinds.Select(k => PluginKinds.ContractOf(k).Name))}); a plugin has one kind");
        }
        var constructors = type.GetConstructors();
        if (constructors.Length != 1)
            return (null, $"needs exactly one public constructor, has {constructors.Length}");
        var optionsParameters = constructors[0].GetParameters().Where(p => p.ParameterType.IsClass && !p.ParameterType.IsAbstract).ToArray();
        if (optionsParameters.Length > 1)
            return (null, $"the constructor takes {optionsParameters.Length} concrete classes ({string.Join(", ", optionsParameters.Select(p => p.ParameterType.Name))}); " +
                          "it may take one options record plus services by interface");
        var optionsType = optionsParameters.FirstOrDefault()?.ParameterType;
        if (optionsType is not null && OptionsBinder.CheckPluginOptionsType(optionsType) is { } optionsProblem)
            return (null, optionsProblem);
        if (TraitsDeclarationProblem(type, kinds[0], optionsType) is { } traitsProblem)
            return (null, traitsProblem);
        // Nothing is constructed here: a plugin is built only when a cell uses it. Its defaults are
        // validated, so a default that breaks the plugin's own constraints is the plugin's fault, not the user's.
        if (optionsType is not null)
        {
            try
            {
                OptionsBinder.Bind(optionsType, null, attribute.Name, ReferencesUnavailable.Instance);
            }
            catch (OptionsBindingException e)
            {
                if (!IsRequiredWithoutDefault(optionsType, e.OptionPath, attribute.Name))
                    return (null, $"its default options are invalid: {e.OptionPath}: {e.Problem}");
            }
        }
        return (new PluginDescriptor(attribute.Name, kinds[0], attribute.Summary, type, optionsType, folder, version, contentHash), null);
    }

    /// <summary>An option marked [Required] with no default is one the user must write: its absence is not a broken default.</summary>
    private static bool IsRequiredWithoutDefault(Type optionsType, string optionPath, string pluginName)
    {
        var key = optionPath.StartsWith(pluginName + ".", StringComparison.Ordinal) ? optionPath[(pluginName.Length + 1)..] : optionPath;
        var property = OptionsBinder.OptionProperties(optionsType).FirstOrDefault(p => KebabCase.From(p.Name) == key);
        return property?.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null &&
               property.GetValue(Activator.CreateInstance(optionsType)) is null;
    }

    /// <summary>A plugin that declares its traits must declare them from its own options type.</summary>
    private static string? TraitsDeclarationProblem(Type type, PluginKind kind, Type? optionsType)
    {
        var declaration = kind switch
        {
            PluginKind.Loss => typeof(LossBench.Sdk.Losses.IDeclaresLossTraits<>),
            PluginKind.Augmentation => typeof(LossBench.Sdk.Augmentations.IDeclaresAugmentationTraits<>),
            PluginKind.Dataset => typeof(LossBench.Sdk.Datasets.IDeclaresDatasetTraits<>),
            _ => null,
        };
        if (declaration is null || PluginTraits.DeclarationOf(type, declaration) is not { } declared) return null;
        return declared.OptionsType == optionsType
            ? null
            : $"declares its traits from {declared.OptionsType.Name}, but its options are {optionsType?.Name ?? "none"}: TraitsOf must take the plugin's own options record";
    }

    /// <summary>
    /// Default references are bound when a benchmark is read, against the whole catalog; while one
    /// folder is being loaded only the rest of the defaults can be checked.
    /// </summary>
    private sealed class ReferencesUnavailable : IPluginReferenceBinder
    {
        public static ReferencesUnavailable Instance { get; } = new();

        public object Bind(Type contract, ConfigNode entry, string path) =>
            Activator.CreateInstance(typeof(LossBench.Sdk.Plugins.PluginReference<>).MakeGenericType(contract), "", null, "{}")!;
    }

    private static string Explain(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        if (e is ReflectionTypeLoadException { LoaderExceptions: { } loader } && loader.FirstOrDefault(x => x is not null) is { } first)
            e = first;
        return $"{e.GetType().Name}: {e.Message}";
    }
}
