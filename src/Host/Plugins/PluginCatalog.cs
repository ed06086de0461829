using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>
/// Everything discovery found: the plugins that loaded, what failed and why, what loaded but is
/// fragile, and which folder gave what. The built-ins' names are reserved: a plugin from any other
/// folder that takes one is refused (a failure) and the built-in stays usable. Two plugins of one
/// kind with one name otherwise are a conflict: neither is usable, and the error names both folders.
/// </summary>
public sealed class PluginCatalog
{
    private PluginCatalog(IReadOnlyList<PluginDescriptor> plugins, IReadOnlyList<PluginFailure> failures,
        IReadOnlyList<PluginWarning> warnings, IReadOnlyList<PluginConflict> conflicts, IReadOnlyList<PluginFolder> folders)
    {
        Plugins = plugins;
        Failures = failures;
        Warnings = warnings;
        Conflicts = conflicts;
        Folders = folders;
    }

    /// <summary>Usable plugins, ordered by kind then name.</summary>
    public IReadOnlyList<PluginDescriptor> Plugins { get; }
    public IReadOnlyList<PluginFailure> Failures { get; }
    /// <summary>Folders whose plugins loaded but should be rebuilt (for example, ones that would run against the tool's copy of a library).</summary>
    public IReadOnlyList<PluginWarning> Warnings { get; }
    public IReadOnlyList<PluginConflict> Conflicts { get; }
    public IReadOnlyList<PluginFolder> Folders { get; }

    /// <param name="searchPath">Where to look.</param>
    /// <param name="services">The tool's services: only asked whether they can supply the parameters of plugin constructors (nothing is constructed).</param>
    public static PluginCatalog Discover(PluginSearchPath searchPath, IServiceProvider services)
    {
        var (folders, problems) = searchPath.Resolve();
        var loader = new PluginFolderLoader(services);
        var loaded = new List<PluginDescriptor>();
        var failures = new List<PluginFailure>(problems);
        var warnings = new List<PluginWarning>();
        foreach (var folder in folders)
        {
            var result = loader.Load(folder);
            loaded.AddRange(result.Plugins);
            failures.AddRange(result.Failures);
            warnings.AddRange(result.Warnings);
        }

        var builtIn = loaded.Where(p => p.Folder.Origin == PluginOrigin.Tool).Select(p => p.Key).ToHashSet();
        var plugins = new List<PluginDescriptor>();
        foreach (var plugin in loaded)
        {
            if (plugin.Folder.Origin != PluginOrigin.Tool && builtIn.Contains(plugin.Key))
                failures.Add(new PluginFailure(plugin.Folder.Path, plugin.ImplementationType.FullName,
                    $"the {plugin.Key} is a built-in; a plugin from {plugin.Folder.Path} may not take its name: rename it"));
            else
                plugins.Add(plugin);
        }

        var conflicts = plugins.GroupBy(p => p.Key)
            .Where(g => g.Count() > 1)
            .Select(g => new PluginConflict(g.Key, g.Select(p => p.Folder.Path).ToArray()))
            .ToArray();
        var conflicting = conflicts.Select(c => c.Key).ToHashSet();
        var usable = plugins.Where(p => !conflicting.Contains(p.Key))
            .OrderBy(p => p.Kind).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();
        return new PluginCatalog(usable, failures, warnings, conflicts, folders);
    }

    public IEnumerable<PluginDescriptor> OfKind(PluginKind kind) => Plugins.Where(p => p.Kind == kind);

    /// <summary>The plugin of <paramref name="kind"/> named <paramref name="name"/>, or an error that says why not (conflict, typo, failed to load).</summary>
    public PluginDescriptor Find(PluginKind kind, string name)
    {
        var key = new PluginKey(kind, name);
        if (Plugins.FirstOrDefault(p => p.Key == key) is { } found) return found;
        if (Conflicts.FirstOrDefault(c => c.Key == key) is { } conflict) throw new PluginResolutionException(conflict.Message);
        var known = OfKind(kind).Select(p => p.Name).ToArray();
        var suggestion = Sdk.Options.NameSuggester.DidYouMean(name, known);
        throw new PluginResolutionException(
            $"no {PluginKinds.DisplayName(kind)} plugin is named '{name}'{suggestion}; " +
            (known.Length == 0 ? "none is loaded" : "available: " + string.Join(", ", known)) +
            (Failures.Count == 0 ? "" : $" ({Failures.Count} plugin load failure(s): see `lossbench list`)"));
    }
}
