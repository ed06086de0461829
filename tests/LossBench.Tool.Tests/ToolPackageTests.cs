using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LossBench.Tool.Tests;

/// <summary>
/// The tool as a user installs it (see <see cref="InstalledTool"/>); the out-of-tree examples are
/// built and listed by <see cref="ExamplesTests"/>. Assertions look for names and paths
/// in the output, never for a table layout.
/// </summary>
public sealed class ToolPackageTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    /// <summary>One plugin of each kind that ships with the tool.</summary>
    private static readonly string[] BuiltInPlugins = ["mnist-10k", "mlp", "cnn-small", "cross-entropy", "none", "clean"];

    [Fact]
    public void Package_holds_the_tool_its_dependencies_native_shim_plugins_and_data()
    {
        using var zip = ZipFile.OpenRead(tool.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        var listing = "package entries:\n  " + string.Join("\n  ", entries.Order(StringComparer.Ordinal));

        // tools/<tfm>/any/ is where DotnetToolSettings.xml says how to start the tool.
        var settings = entries.SingleOrDefault(e => e.StartsWith("tools/", StringComparison.Ordinal) && e.EndsWith("/any/DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.True(settings is not null, "no tools/<tfm>/any/DotnetToolSettings.xml: not a tool package\n" + listing);
        var root = settings[..(settings.LastIndexOf('/') + 1)];
        bool Has(string path) => entries.Contains(root + path);

        foreach (var file in new[] { "lossbench.dll", "lossbench.runtimeconfig.json", "lossbench.deps.json" })
            Assert.True(Has(file), $"{root}{file} is missing\n{listing}");

        // Every runtime assembly the host's deps.json names (LossBench.Sdk, LossBench.Torch, NuGet
        // dependencies) must be in the package, or the tool fails on first use of it.
        using (var deps = JsonDocument.Parse(zip.GetEntry(root + "lossbench.deps.json")!.Open()))
        {
            var runtimeFiles = deps.RootElement.GetProperty("targets").EnumerateObject()
                .SelectMany(target => target.Value.EnumerateObject())
                .Where(library => library.Value.TryGetProperty("runtime", out _))
                .SelectMany(library => library.Value.GetProperty("runtime").EnumerateObject().Select(asset => Path.GetFileName(asset.Name)))
                .ToArray();
            Assert.Contains("LossBench.Sdk.dll", runtimeFiles);
            Assert.Contains("LossBench.Torch.dll", runtimeFiles);
            Assert.Contains("LossBench.PluginSupport.dll", runtimeFiles);
            foreach (var file in runtimeFiles)
                Assert.True(Has(file), $"{root}{file} (named in lossbench.deps.json) is missing\n{listing}");
        }

        // The native shim over libtorch, where LossBench.Torch's loader looks for it.
        Assert.True(Has("liblossbench_torch.so") || Has("runtimes/linux-x64/native/liblossbench_torch.so"),
            $"liblossbench_torch.so is neither in {root} nor in {root}runtimes/linux-x64/native/\n{listing}");

        // Each built-in plugin project has its folder plugins/<AssemblyName>/ with its assembly, and
        // the folder does not carry its own copy of what the host provides.
        var pluginProjects = Directory.GetFiles(Path.Combine(tool.RepoRoot, "plugins"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(pluginProjects);
        foreach (var project in pluginProjects)
        {
            var name = AssemblyNameOf(project);
            Assert.True(Has($"plugins/{name}/{name}.dll"), $"plugin {project} is not in {root}plugins/{name}/\n{listing}");
            Assert.True(Has($"plugins/{name}/{name}.deps.json"), $"plugin {project} has no deps.json in {root}plugins/{name}/\n{listing}");
        }
        var hostCopies = entries.Where(e => e.StartsWith(root + "plugins/", StringComparison.Ordinal) &&
                                            Path.GetFileName(e) is "LossBench.Sdk.dll" or "LossBench.Torch.dll" or "liblossbench_torch.so").ToArray();
        Assert.True(hostCopies.Length == 0, "plugin folders carry copies of what the host provides: " + string.Join(", ", hostCopies));
        // The built-ins' private helper library travels in each folder whose plugin uses it: it is loaded
        // per folder, not shared by the host (whose own copy serves the host only).
        foreach (var name in new[] { "LossBench.Plugins.Datasets", "LossBench.Plugins.Augmentations" })
            Assert.True(Has($"plugins/{name}/LossBench.PluginSupport.dll"), $"plugins/{name}/ lacks LossBench.PluginSupport.dll\n{listing}");

        // The embedded default data set.
        foreach (var file in Directory.GetFiles(Path.Combine(tool.RepoRoot, "data", "mnist-10k")))
            Assert.True(Has("data/mnist-10k/" + Path.GetFileName(file)), $"data/mnist-10k/{Path.GetFileName(file)} is missing\n{listing}");
    }

    [Fact]
    public void Installed_tool_reports_the_package_version()
    {
        var run = tool.RunTool("--version").AssertSucceeded("dotnet lossbench --version");
        Assert.True(run.StandardOutput.Trim().StartsWith(tool.Version, StringComparison.Ordinal),
            $"expected the version {tool.Version} first\n{run.Describe()}");
    }

    [Fact]
    public void List_names_the_built_in_plugins()
    {
        var run = tool.RunTool("list").AssertSucceeded("dotnet lossbench list");
        var missing = BuiltInPlugins.Where(name => !NamesPlugin(run.StandardOutput, name)).ToArray();
        Assert.True(missing.Length == 0, $"built-in plugins not listed: {string.Join(", ", missing)}\n{run.Describe()}");
    }

    /// <summary>The name as a word of its own: "none" in "none" but not in "nonexistent", "cross-entropy" not in "binary-cross-entropy".</summary>
    private static bool NamesPlugin(string output, string name) =>
        Regex.IsMatch(output, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])");

    private static string AssemblyNameOf(string project) =>
        XDocument.Load(project).Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim() is { Length: > 0 } name
            ? name
            : Path.GetFileNameWithoutExtension(project);
}
