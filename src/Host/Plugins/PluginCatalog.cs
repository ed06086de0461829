using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>
/// Everything discovery found: the plugins that loaded, what failed and why, and which folder
/// gave what. Two plugins of one kind with one name are a conflict: neither is usable, and the
/// error names both folders.
/// </summary>
public sealed class PluginCatalog
{
    private PluginCatalog(IReadOnlyList<PluginDescriptor> plugins, IReadOnlyList<PluginFailure> failures,
        IReadOnlyList<PluginConflict> conflicts, IReadOnlyList<PluginFolder> folders)
    {
        Plugins = plugins;
        Failures = failures;
        Conflicts = conflicts;
        Folders = folders;
    }

    /// <summary>Usable plugins, ordered by kind then name.</summary>
    public IReadOnlyList<PluginDescriptor> Plugins { get; }
    public IReadOnlyList<PluginFailure> Failures { get; }
    public IReadOnlyList<PluginConflict> Conflicts { get; }
    public IReadOnlyList<PluginFolder> Folders { get; }

    public static PluginCatalog Discover(PluginSearchPath searchPath)
    {
        var (folders, problems) = searchPath.Resolve();
        var loader = new PluginFolderLoader();
        var plugins = new List<PluginDescriptor>();
        var failures = new List<PluginFailure>(problems);
        foreach (var folder in folders)
        {
            var (loaded, failed) = loader.Load(folder);
            plugins.AddRange(loaded);
            failures.AddRange(failed);
        }
        var conflicts = plugins.GroupBy(p => p.Key)
            .Where(g => g.Count() > 1)
            .Select(g => new PluginConflict(g.Key, g.Select(p => p.Folder.Path).ToArray()))
            .ToArray();
        var conflicting = conflicts.Select(c => c.Key).ToHashSet();
        var usable = plugins.Where(p => !conflicting.Contains(p.Key))
            .OrderBy(p => p.Kind).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();
        return new PluginCatalog(usable, failures, conflicts, folders);
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
