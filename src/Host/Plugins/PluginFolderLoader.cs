using System.Reflection;
using System.Runtime.Loader;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Plugins;

/// <summary>
/// Loads one plugin folder with its own plugin loader (an isolated load context over the folder's
/// <c>.deps.json</c>) and checks every [Plugin] type in it: exactly one kind, a valid name, one
/// constructor whose parameters the tool can supply, an options type, and default options that
/// pass the plugin's own validation. Nothing is constructed here: a plugin's constructor runs only
/// when a benchmark cell uses it. Never throws: what fails becomes a <see cref="PluginFailure"/>,
/// what is fragile a <see cref="PluginWarning"/>.
/// </summary>
/// <param name="services">The tool's services, asked only whether they can supply a constructor parameter.</param>
public sealed class PluginFolderLoader(IServiceProvider services)
{
    /// <summary>
    /// The assemblies every plugin takes from the tool, never from its folder: one type identity
    /// for the contracts (a plugin's ILoss is the tool's ILoss) and one libtorch.
    /// </summary>
    public static IReadOnlyList<string> SharedWithHost { get; } =
    [
        "LossBench.Sdk",
        "LossBench.Torch",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
        "Microsoft.Extensions.Logging.Abstractions",
    ];

    /// <summary>A type from each shared assembly the tool itself references.</summary>
    private static readonly Type[] SharedTypes = [typeof(PluginAttribute), typeof(Torch.Tensor), typeof(IServiceCollection)];

    /// <summary>
    /// The other shared assemblies, when the tool's context can load them (the logging abstractions
    /// are not one of the tool's own dependencies; where they are absent there is no type of the
    /// tool's to share, and a plugin that asks for a logger is refused by the constructor check).
    /// </summary>
    private static readonly Lazy<AssemblyName[]> OtherShared = new(() => SharedWithHost
        .Where(name => SharedTypes.All(type => type.Assembly.GetName().Name != name))
        .Select(name => new AssemblyName(name))
        .Where(CanLoadIntoTheToolsContext)
        .ToArray());

    private static readonly Version HostSdkVersion = typeof(PluginAttribute).Assembly.GetName().Version!;

    /// <summary>Where the shared frameworks live (<c>dotnet/shared/</c>): assemblies from there are the runtime's, not the tool's.</summary>
    private static readonly string FrameworkRoot =
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..")) + Path.DirectorySeparatorChar;

    private readonly IServiceProviderIsService? _isService = services.GetService<IServiceProviderIsService>();

    public (IReadOnlyList<PluginDescriptor> Plugins, IReadOnlyList<PluginFailure> Failures, IReadOnlyList<PluginWarning> Warnings) Load(PluginFolder folder)
    {
        var plugins = new List<PluginDescriptor>();
        var failures = new List<PluginFailure>();
        var warnings = new List<PluginWarning>();
        if (MainAssembly(folder.Path, out var noAssembly) is not { } mainPath)
        {
            failures.Add(new PluginFailure(folder.Path, null, noAssembly));
            return (plugins, failures, warnings);
        }
        try
        {
            var depsPath = Path.ChangeExtension(mainPath, ".deps.json");
            if (File.Exists(depsPath) && DependencyManifest.Problem(depsPath, mainPath) is { } manifestProblem)
            {
                failures.Add(new PluginFailure(folder.Path, null,
                    $"{Path.GetFileName(depsPath)} cannot be used: {manifestProblem}; rebuild the plugin (`dotnet build` writes this file)"));
                return (plugins, failures, warnings);
            }
            var contentHash = AssemblyContentHash.Of(mainPath);
            var loader = PluginLoader.CreateFromAssemblyFile(mainPath, SharedTypes, config =>
            {
                foreach (var name in OtherShared.Value) config.SharedAssemblies.Add(name);
            });
            var assembly = loader.LoadDefaultAssembly();
            var (problem, toolCopies) = CheckReferences(assembly, loader);
            if (problem is not null)
            {
                failures.Add(new PluginFailure(folder.Path, null, problem));
                return (plugins, failures, warnings);
            }
            warnings.AddRange(toolCopies.Select(message => new PluginWarning(folder.Path, message)));
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                          ?? assembly.GetName().Version?.ToString() ?? "0";
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
            failures.Add(new PluginFailure(folder.Path, null, $"{Path.GetFileName(mainPath)} could not be loaded: {Explain(e)}"));
        }
        return (plugins, failures, warnings);
    }

    /// <summary>
    /// The checks discovery makes of each [Plugin] type, applied to one type already loaded (the test
    /// kit's <c>PluginAssert.Valid</c>): null when the type would load, else the reason `list` would give.
    /// Only the rules about the type itself: a built-in's name, a name conflict and the folder's
    /// dependencies are matters of the catalog, not of one type.
    /// </summary>
    public string? Check(Type type)
    {
        if (type.GetCustomAttribute<PluginAttribute>() is not { } attribute)
            return $"{type.FullName} has no [Plugin(\"name\")] attribute, so discovery does not see it";
        if (!type.IsVisible)
            return $"[Plugin(\"{attribute.Name}\")] {type.FullName} is not public, so discovery does not see it";
        var folder = new PluginFolder(Path.GetDirectoryName(type.Assembly.Location) ?? "", PluginOrigin.CommandLine);
        return Describe(type, attribute, folder, "0", "").Failure;
    }

    /// <summary>
    /// The folder's one plugin assembly: the dll with a deps.json beside it (what `dotnet build` of a
    /// plugin project leaves), or else the dll named after the folder. Of several dlls with a
    /// deps.json, the one named after the folder; otherwise the folder is ambiguous.
    /// </summary>
    private static string? MainAssembly(string folder, out string problem)
    {
        problem = "";
        var withDeps = Directory.EnumerateFiles(folder, "*.deps.json")
            .Select(deps => Path.Combine(folder, Path.GetFileName(deps)[..^".deps.json".Length] + ".dll"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var named = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
        switch (withDeps.Length)
        {
            case 1:
                return withDeps[0];
            case > 1 when withDeps.Contains(named, StringComparer.Ordinal):
                return named;
            case > 1:
                problem = $"it holds {withDeps.Length} assemblies with a .deps.json ({string.Join(", ", withDeps.Select(Path.GetFileName))}); " +
                          "a plugin folder holds one plugin assembly: give each plugin its own folder, or name the folder after the plugin assembly";
                return null;
        }
        if (File.Exists(named)) return named;
        problem = "no plugin assembly: expected <Name>.dll with <Name>.deps.json (build the plugin with <EnableDynamicLoading>true</EnableDynamicLoading>)";
        return null;
    }

    /// <summary>
    /// Loads what the plugin references now, so that a missing dependency is reported at discovery
    /// with its name rather than as a TypeLoadException in the middle of a run; and finds the
    /// libraries that would silently come from the tool instead of the plugin's folder (a plugin
    /// built without EnableDynamicLoading has no copy of its packages). Another major version than
    /// the one the plugin was built against is a problem; the same major version a warning.
    /// </summary>
    private static (string? Problem, IReadOnlyList<string> Warnings) CheckReferences(Assembly main, PluginLoader loader)
    {
        var warnings = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { main.GetName().Name ?? "" };
        var pending = new Queue<Assembly>([main]);
        while (pending.TryDequeue(out var referencing))
        {
            foreach (var reference in referencing.GetReferencedAssemblies())
            {
                if (reference.Name is not { } name || !seen.Add(name)) continue;
                if (name == "LossBench.Sdk" && reference.Version is { } built && built > HostSdkVersion)
                    return ($"built against LossBench.Sdk {built}, newer than this tool's {HostSdkVersion}: update the tool", warnings);
                Assembly loaded;
                try
                {
                    loaded = loader.LoadAssembly(reference);
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A private library's own reference may be to something the plugin never uses: the runtime says so if it does.
                    if (referencing != main) continue;
                    return ($"missing dependency {name} {reference.Version} (referenced by {main.GetName().Name}.dll): " +
                            "it is neither in the plugin folder nor provided by the host; copy the plugin's whole build output into the folder", warnings);
                }
                if (SharedWithHost.Contains(name, StringComparer.Ordinal)) continue;
                if (AssemblyLoadContext.GetLoadContext(loaded) == loader.LoadContext)
                {
                    pending.Enqueue(loaded); // the plugin's own copy: check what it references in turn
                    continue;
                }
                if (IsFramework(loaded)) continue;
                var tools = loaded.GetName().Version;
                var story = $"references {name} {reference.Version} but its folder does not hold it, so it";
                const string remedy = "build it with <EnableDynamicLoading>true</EnableDynamicLoading>, so that its own copy travels in its folder";
                if (reference.Version?.Major != tools?.Major)
                    return ($"{story} would run against the tool's {tools}, another major version: {remedy}", warnings);
                warnings.Add($"{story} runs against the tool's {tools}: {remedy} (another release of the tool may ship another version)");
            }
        }
        return (null, warnings);
    }

    /// <summary>Part of the .NET runtime (a shared framework), as opposed to a library that came with the tool.</summary>
    private static bool IsFramework(Assembly assembly) =>
        string.IsNullOrEmpty(assembly.Location) || // no file to tell by (a single-file host): do not guess
        Path.GetFullPath(assembly.Location).StartsWith(FrameworkRoot, StringComparison.Ordinal);

    private static bool CanLoadIntoTheToolsContext(AssemblyName name)
    {
        try
        {
            AssemblyLoadContext.Default.LoadFromAssemblyName(name);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return false;
        }
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
        var parameters = constructors[0].GetParameters();
        var optionsParameters = parameters.Where(p => p.ParameterType.IsClass && !p.ParameterType.IsAbstract).ToArray();
        if (optionsParameters.Length > 1)
            return (null, $"the constructor takes {optionsParameters.Length} concrete classes ({string.Join(", ", optionsParameters.Select(p => p.ParameterType.Name))}); " +
                          "it may take one options record plus services by interface");
        var optionsType = optionsParameters.FirstOrDefault()?.ParameterType;
        if (optionsType is not null && OptionsBinder.CheckPluginOptionsType(optionsType) is { } optionsProblem)
            return (null, optionsProblem);
        if (TraitsDeclarationProblem(type, kinds[0], optionsType) is { } traitsProblem)
            return (null, traitsProblem);
        // Every other parameter comes from the tool's services (or keeps its default value).
        foreach (var parameter in parameters)
        {
            if (parameter.ParameterType == optionsType || parameter.HasDefaultValue || parameter.ParameterType == typeof(IPluginFactory)) continue;
            if (_isService is null || _isService.IsService(parameter.ParameterType)) continue;
            return (null, $"the constructor asks for {TypeName(parameter.ParameterType)} ({parameter.Name}), which the tool does not provide; " +
                          "a constructor takes the plugin's options record, IPluginFactory (to build the plugins its options reference) and services the tool registers");
        }
        if (optionsType is not null && DefaultOptionsProblem(optionsType, attribute.Name) is { } defaultsProblem)
            return (null, defaultsProblem);
        return (new PluginDescriptor(attribute.Name, kinds[0], attribute.Summary, type, optionsType, folder, version, contentHash), null);
    }

    /// <summary>
    /// Binds an empty mapping, as a benchmark that names the plugin without options would: the
    /// defaults must pass the plugin's own validation. An option without a default (null, or an
    /// empty text or list) that validation asks for is a required option, not a broken default:
    /// every benchmark that uses the plugin gives it (combo's terms, chain's list).
    /// </summary>
    private static string? DefaultOptionsProblem(Type optionsType, string name)
    {
        try
        {
            OptionsBinder.Bind(optionsType, null, name, ReferencesUnavailable.Instance);
            return null;
        }
        catch (OptionsBindingException e)
        {
            var key = e.OptionPath == name ? null
                : e.OptionPath.StartsWith(name + ".", StringComparison.Ordinal) ? e.OptionPath[(name.Length + 1)..]
                : e.OptionPath;
            if (key is not null && HasNoDefault(optionsType, key)) return null;
            return $"its default options are invalid: {(key is null ? "" : key + ": ")}{e.Problem}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"its options record {optionsType.Name} could not be created with its defaults: {Explain(e)}";
        }
    }

    private static bool HasNoDefault(Type optionsType, string key)
    {
        var property = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => KebabCase.From(p.Name) == key && p.GetIndexParameters().Length == 0);
        if (property is null) return false;
        var value = property.GetValue(Activator.CreateInstance(optionsType));
        return value is null or "" or System.Collections.ICollection { Count: 0 };
    }

    /// <summary>A plugin that declares its traits (or an evaluation its metrics) must declare them from its own options type.</summary>
    private static string? TraitsDeclarationProblem(Type type, PluginKind kind, Type? optionsType)
    {
        var (declaration, method, what) = kind switch
        {
            PluginKind.Loss => (typeof(LossBench.Sdk.Losses.IDeclaresLossTraits<>), "TraitsOf", "traits"),
            PluginKind.Augmentation => (typeof(LossBench.Sdk.Augmentations.IDeclaresAugmentationTraits<>), "TraitsOf", "traits"),
            PluginKind.Dataset => (typeof(LossBench.Sdk.Datasets.IDeclaresDatasetTraits<>), "TraitsOf", "traits"),
            PluginKind.Evaluation => (typeof(LossBench.Sdk.Evaluations.IDeclaresMetrics<>), "MetricsOf", "metrics"),
            _ => ((Type?)null, "", ""),
        };
        if (declaration is null) return null;
        if (kind == PluginKind.Loss && typeof(LossBench.Sdk.Losses.IDeclaresLossTraits).IsAssignableFrom(type) && optionsType is not null)
            return $"declares fixed traits (IDeclaresLossTraits) but takes options ({optionsType.Name}): declare them from the options with IDeclaresLossTraits<{optionsType.Name}>";
        (System.Reflection.MethodInfo Method, Type OptionsType)? declared;
        try
        {
            declared = PluginTraits.DeclarationOf(type, declaration, method);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        if (declared is null || declared.Value.OptionsType == optionsType) return null;
        return $"declares its {what} from {declared.Value.OptionsType.Name}, but its options are {optionsType?.Name ?? "none"}: {method} must take the plugin's own options record";
    }

    /// <summary>
    /// Default references are bound when a benchmark is read, against the whole catalog; while one
    /// folder is being loaded only the rest of the defaults can be checked.
    /// </summary>
    private sealed class ReferencesUnavailable : IPluginReferenceBinder
    {
        public static ReferencesUnavailable Instance { get; } = new();

        public object Bind(Type contract, ConfigNode entry, string path) =>
            Activator.CreateInstance(typeof(PluginReference<>).MakeGenericType(contract), "", null, "{}")!;
    }

    private static string TypeName(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>" : type.Name;

    private static string Explain(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        if (e is ReflectionTypeLoadException { LoaderExceptions: { } loader } && loader.FirstOrDefault(x => x is not null) is { } first)
            e = first;
        return $"{e.GetType().Name}: {e.Message}";
    }
}
