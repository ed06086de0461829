namespace LossBench.Host.Plugins;

/// <summary>Two or more plugins of one kind with one name.</summary>
public sealed record PluginConflict(PluginKey Key, IReadOnlyList<string> Folders)
{
    public string Message =>
        $"two plugins are the {Key}: in {string.Join(" and in ", Folders)}; remove or rename one";
}
