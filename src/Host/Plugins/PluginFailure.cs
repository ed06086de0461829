namespace LossBench.Host.Plugins;

/// <summary>A plugin folder, or one type in it, that could not be loaded, and why.</summary>
/// <param name="Folder">The plugin folder.</param>
/// <param name="TypeName">The plugin type when one type failed, or null when the whole folder did.</param>
/// <param name="Reason">What went wrong, in words a plugin author can act on.</param>
public sealed record PluginFailure(string Folder, string? TypeName, string Reason)
{
    public override string ToString() => TypeName is null ? $"{Folder}: {Reason}" : $"{Folder}: {TypeName}: {Reason}";
}
