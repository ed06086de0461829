namespace LossBench.Host.Tests;

/// <summary>
/// A temporary directory of plugin folders copied from the ones this test project's build laid
/// out (bin/.../plugins/*), so that each test discovers exactly the folders it names.
/// </summary>
internal sealed class PluginLayout : IDisposable
{
    private static readonly string BuiltFolders = Path.Combine(AppContext.BaseDirectory, "plugins");

    public PluginLayout() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "lossbench-plugins-" + Guid.NewGuid().ToString("N"));

    /// <summary>Copies the built plugin folder <paramref name="name"/> to Root/<paramref name="as"/>; returns its path.</summary>
    public string Add(string name, string? @as = null)
    {
        var source = Path.Combine(BuiltFolders, name);
        if (!Directory.Exists(source)) throw new DirectoryNotFoundException($"the build did not lay out the plugin folder {source}");
        var target = Path.Combine(Root, @as ?? name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a loaded plugin's file may still be mapped; the temp folder is cleaned by the OS */ }
        catch (UnauthorizedAccessException) { }
    }
}
