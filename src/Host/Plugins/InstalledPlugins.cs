using System.IO.Compression;
using System.Xml.Linq;
using LossBench.Sdk.Options;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Plugins;

/// <summary>
/// The user's plugins, one folder each under <c>~/.lossbench/plugins/&lt;name&gt;/</c> (where discovery looks):
/// installed from a plugin package (what `dotnet pack` makes of a LossBench.Plugin.Sdk project: the
/// plugin folder under <c>lossbench-plugin/</c>) or copied from a plugin folder, listed and removed.
/// An install is checked before it lands (the plugin loads, and neither takes a built-in's name nor
/// clashes with another installed plugin), and lands whole or not at all: it is unpacked beside the
/// plugins folder, then renamed into place.
/// </summary>
public sealed class InstalledPlugins(string homeDirectory, string? toolDirectory)
{
    /// <summary>The folder in a plugin package that holds the plugin folder.</summary>
    public const string PackageFolder = "lossbench-plugin/";

    private readonly string _lossbenchHome = Path.Combine(homeDirectory, ".lossbench");

    public string Root => Path.Combine(_lossbenchHome, "plugins");

    /// <summary>What one install did.</summary>
    public sealed record Installation(string Name, string Folder, bool Replaced, IReadOnlyList<PluginDescriptor> Plugins);

    /// <summary>Installs a plugin package (.nupkg) or a plugin folder under <paramref name="name"/> (default: the package id, or the folder's name).</summary>
    /// <exception cref="FileNotFoundException">The source does not exist.</exception>
    /// <exception cref="InvalidDataException">The source is no plugin package, or its plugin does not load; the message says why.</exception>
    public Installation Install(string source, string? name = null)
    {
        var full = Path.GetFullPath(source);
        var isPackage = File.Exists(full);
        if (!isPackage && !Directory.Exists(full))
            throw new FileNotFoundException($"{full} does not exist: give a plugin package (.nupkg, from `dotnet pack`) or a plugin folder (from `dotnet build`)", full);
        name ??= isPackage ? PackageIdOf(full) : Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
        CheckName(name);
        Directory.CreateDirectory(Root);
        var staging = Path.Combine(_lossbenchHome, $".install-{name}-{Guid.NewGuid():N}");
        try
        {
            if (isPackage) Unpack(full, staging);
            else CopyFolder(full, staging);
            var plugins = Check(staging, name);
            var destination = Path.Combine(Root, name);
            var replaced = Directory.Exists(destination);
            if (replaced) Discard(destination);
            Directory.Move(staging, destination);
            return new Installation(name, destination, replaced, plugins);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The installed plugin folders by name, each with what loaded from it and what failed.</summary>
    public IReadOnlyList<(string Name, string Folder, IReadOnlyList<PluginDescriptor> Plugins, IReadOnlyList<PluginFailure> Failures)> List()
    {
        if (!Directory.Exists(Root)) return [];
        using var services = new ServiceCollection().BuildServiceProvider();
        var loader = new PluginFolderLoader(services);
        return Directory.GetDirectories(Root).Order(StringComparer.Ordinal).Select(folder =>
        {
            var (plugins, failures, _) = loader.Load(new PluginFolder(folder, PluginOrigin.User));
            return (Path.GetFileName(folder), folder, plugins, failures);
        }).ToArray();
    }

    /// <summary>Removes the installed plugin folder <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No plugin is installed under that name; the message lists those that are.</exception>
    public string Remove(string name)
    {
        CheckName(name);
        var folder = Path.Combine(Root, name);
        if (!Directory.Exists(folder))
        {
            var installed = Directory.Exists(Root) ? Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray() : [];
            throw new ArgumentException($"no plugin is installed as '{name}'{NameSuggester.DidYouMean(name, installed)}; " +
                                        (installed.Length == 0 ? $"{Root} holds none" : "installed: " + string.Join(", ", installed)));
        }
        Discard(folder);
        return folder;
    }

    /// <summary>
    /// The staged folder must load, and its plugins must neither take a built-in's name nor clash with
    /// another installed plugin (the one it replaces aside).
    /// </summary>
    private IReadOnlyList<PluginDescriptor> Check(string staging, string name)
    {
        var others = Directory.GetDirectories(Root).Where(d => Path.GetFileName(d) != name).Order(StringComparer.Ordinal);
        var searchPath = new PluginSearchPath(toolDirectory, null, null, [.. others, staging]);
        using var services = new ServiceCollection().BuildServiceProvider();
        var catalog = PluginCatalog.Discover(searchPath, services);
        var problems = catalog.Failures.Where(f => f.Folder == staging).Select(f => (f.TypeName is null ? "" : f.TypeName + ": ") + f.Reason)
            .Concat(catalog.Conflicts.Where(c => c.Folders.Contains(staging)).Select(c => c.Message.Replace(staging, "this package", StringComparison.Ordinal)))
            .ToArray();
        if (problems.Length > 0)
            throw new InvalidDataException($"not installed: the plugin in it would not load: {string.Join("; ", problems).Replace(staging, "the package", StringComparison.Ordinal)}");
        var plugins = catalog.Plugins.Where(p => p.Folder.Path == staging).ToArray();
        if (plugins.Length == 0)
            throw new InvalidDataException("not installed: it holds no [Plugin] class (is it a LossBench plugin?)");
        return plugins;
    }

    private static void Unpack(string package, string destination)
    {
        using var zip = OpenPackage(package);
        var entries = zip.Entries.Where(e => e.FullName.StartsWith(PackageFolder, StringComparison.Ordinal) && !e.FullName.EndsWith('/')).ToArray();
        if (entries.Length == 0)
            throw new InvalidDataException($"{package} is not a LossBench plugin package: it has no {PackageFolder} folder (pack a project that uses LossBench.Plugin.Sdk with `dotnet pack`)");
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        foreach (var entry in entries)
        {
            // NuGet escapes some characters in entry names; a name that climbs out of the folder is refused.
            var relative = Uri.UnescapeDataString(entry.FullName[PackageFolder.Length..]);
            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(root, StringComparison.Ordinal))
                throw new InvalidDataException($"{package}: the entry {entry.FullName} points outside the plugin folder");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target);
        }
    }

    private static string PackageIdOf(string package)
    {
        using var zip = OpenPackage(package);
        var nuspec = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
                     ?? throw new InvalidDataException($"{package} is not a NuGet package: it has no .nuspec");
        using var stream = nuspec.Open();
        var id = XDocument.Load(stream).Descendants().FirstOrDefault(e => e.Name.LocalName == "id")?.Value.Trim();
        return string.IsNullOrEmpty(id) ? throw new InvalidDataException($"{package}: its .nuspec names no package id") : id;
    }

    private static ZipArchive OpenPackage(string package)
    {
        try
        {
            return ZipFile.OpenRead(package);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{package} is not a plugin package (.nupkg) nor a folder: {e.Message}", e);
        }
    }

    private static void CopyFolder(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Directory.CreateDirectory(destination);
    }

    /// <summary>Takes a folder out of the plugins folder in one rename, then deletes it: discovery never sees half of it.</summary>
    private void Discard(string folder)
    {
        var removed = Path.Combine(_lossbenchHome, $".removed-{Path.GetFileName(folder)}-{Guid.NewGuid():N}");
        Directory.Move(folder, removed);
        Directory.Delete(removed, recursive: true);
    }

    private static void CheckName(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.StartsWith('.') || name.IndexOfAny([.. Path.GetInvalidFileNameChars(), '/', '\\']) >= 0)
            throw new ArgumentException($"'{name}' cannot name a plugin folder: use letters, digits, '.', '-' or '_', not starting with '.'");
    }
}
