namespace LossBench.Host.Plugins;

/// <summary>
/// Where discovery looks: the tool's own plugins, the user's, <c>$LOSSBENCH_PLUGIN_PATH</c> (a
/// colon-separated list) and <c>--plugins</c>. Each given directory is either a plugin folder
/// itself (it holds a .dll) or a folder of plugin folders.
/// </summary>
public sealed record PluginSearchPath(string? ToolDirectory, string? HomeDirectory, string? EnvironmentValue, IReadOnlyList<string> CommandLineDirectories)
{
    public const string EnvironmentVariable = "LOSSBENCH_PLUGIN_PATH";

    /// <summary>The directories searched, in order, with their origin: for `doctor`.</summary>
    public IEnumerable<(string Directory, PluginOrigin Origin, bool Required)> Roots()
    {
        if (!string.IsNullOrEmpty(ToolDirectory)) yield return (Path.Combine(ToolDirectory, "plugins"), PluginOrigin.Tool, false);
        if (!string.IsNullOrEmpty(HomeDirectory)) yield return (Path.Combine(HomeDirectory, ".lossbench", "plugins"), PluginOrigin.User, false);
        if (!string.IsNullOrEmpty(EnvironmentValue))
            foreach (var entry in EnvironmentValue.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                yield return (entry, PluginOrigin.Environment, true);
        foreach (var directory in CommandLineDirectories) yield return (directory, PluginOrigin.CommandLine, true);
    }

    /// <summary>
    /// The plugin folders, each once (by full path, first origin wins), and the problems with
    /// directories that were named explicitly but do not exist.
    /// </summary>
    public (IReadOnlyList<PluginFolder> Folders, IReadOnlyList<PluginFailure> Problems) Resolve()
    {
        var folders = new List<PluginFolder>();
        var problems = new List<PluginFailure>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (root, origin, required) in Roots())
        {
            var full = Path.GetFullPath(root);
            if (!Directory.Exists(full))
            {
                if (required)
                    problems.Add(new PluginFailure(full, null, $"the plugin directory does not exist ({Describe(origin)})"));
                continue;
            }
            var candidates = Directory.EnumerateFiles(full, "*.dll").Any()
                ? [full]
                : Directory.EnumerateDirectories(full).Order(StringComparer.Ordinal).ToArray();
            foreach (var candidate in candidates)
                if (seen.Add(Path.TrimEndingDirectorySeparator(candidate)))
                    folders.Add(new PluginFolder(Path.TrimEndingDirectorySeparator(candidate), origin));
        }
        return (folders, problems);
    }

    public static string Describe(PluginOrigin origin) => origin switch
    {
        PluginOrigin.Tool => "built in",
        PluginOrigin.User => "~/.lossbench/plugins",
        PluginOrigin.Environment => "$" + EnvironmentVariable,
        PluginOrigin.CommandLine => "--plugins",
        _ => origin.ToString(),
    };
}
