namespace LossBench.Host.Plugins;

/// <summary>Something about a plugin folder that loaded but is fragile, in words its author can act on (listed by <c>lossbench list</c> and <c>doctor</c>; not fatal).</summary>
/// <param name="Folder">The plugin folder.</param>
/// <param name="Message">What is wrong and what to do about it.</param>
public sealed record PluginWarning(string Folder, string Message)
{
    public override string ToString() => $"{Folder}: {Message}";
}
