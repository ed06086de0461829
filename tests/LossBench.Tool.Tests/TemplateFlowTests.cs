using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LossBench.Tool.Tests;

/// <summary>
/// A plugin author's whole path, from an empty folder with only the local package feed and with no
/// cmake and no libtorch build files in reach: install the templates, create a plugin of each kind,
/// build and list it in the installed tool, run its tests, run its quick benchmark; then pack one and
/// install it with `lossbench plugin install`. Prints the wall time of the flow and of a build of a
/// fresh loss template (warm cache); times are reported, never asserted.
/// </summary>
[Collection(AuthoringCollection.Name)]
public sealed class TemplateFlowTests(AuthoringKit kit, ITestOutputHelper output)
{
    private static readonly string[] Kinds = ["loss", "augmentation", "evaluation", "dataset", "model"];

    [Fact]
    public void Each_template_builds_lists_tests_and_runs_in_the_installed_tool_without_cmake()
    {
        // The author's PATH really has no cmake (or compiler) on it.
        var which = ProcessRun.Start("/bin/sh", ["-c", "command -v cmake || command -v c++ || command -v g++ || echo none"], kit.Work, kit.Environment(fullPath: false), TimeSpan.FromSeconds(30));
        Assert.Equal("none", which.StandardOutput.Trim());

        var flow = Stopwatch.StartNew();
        var timings = new List<string>();
        foreach (var kind in Kinds)
        {
            var started = flow.Elapsed;
            var name = "Tiny" + char.ToUpperInvariant(kind[0]) + kind[1..];
            var plugin = "tiny-" + kind;
            kit.Run($"dotnet new lossbench-{kind}", kit.Work, ["new", $"lossbench-{kind}", "-n", name]);
            var folder = Path.Combine(kit.Work, name);

            // The four commands of the README: (templates, new,) build -t:LossBenchList, test.
            var list = kit.Run($"{kind}: dotnet build -t:LossBenchList", folder, ["build", "-t:LossBenchList", "--nologo"]);
            var pluginFolder = Path.Combine(folder, name, "bin", "Debug", "net10.0");
            Assert.True(Regex.IsMatch(list.StandardOutput, $@"(?<![\w-]){plugin}\s+\[{kind}\]"), $"{plugin} is not listed as a {kind}\n{list.Describe()}");
            Assert.Contains(pluginFolder, list.StandardOutput);
            var shipped = new[] { "LossBench.Sdk.dll", "LossBench.Torch.dll", "liblossbench_torch.so" }
                .Where(f => Directory.EnumerateFiles(pluginFolder, f, SearchOption.AllDirectories).Any()).ToArray();
            Assert.True(shipped.Length == 0, $"the {kind} plugin's folder carries what the tool provides: {string.Join(", ", shipped)}");

            var test = kit.Run($"{kind}: dotnet test", folder, ["test", "--nologo"]);
            Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+[1-9]", test.StandardOutput);

            kit.Run($"{kind}: dotnet build -t:LossBenchRun", folder, ["build", "-t:LossBenchRun", "-p:Benchmark=quick.yaml", "--no-restore", "--nologo"]);
            var report = Path.Combine(folder, name, "bin", "lossbench-results", plugin + "-quick", "report.json");
            Assert.True(File.Exists(report), $"the quick benchmark wrote no {report}");
            Assert.Contains(plugin, File.ReadAllText(report));
            timings.Add($"{kind} {(flow.Elapsed - started).TotalSeconds:F0} s");
        }
        flow.Stop();
        output.WriteLine($"template flow: {kit.TemplatesInstallSeconds + flow.Elapsed.TotalSeconds:F0} s wall: templates install {kit.TemplatesInstallSeconds:F0} s, then 5 kinds ({string.Join(", ", timings)}); pack of the solution {kit.PackSeconds:F0} s before it");

        // A fresh loss template, built once more with everything cached: what an author waits for.
        kit.Run("dotnet new lossbench-loss (fresh)", kit.Work, ["new", "lossbench-loss", "-n", "FreshLoss"]);
        var fresh = Path.Combine(kit.Work, "FreshLoss");
        var build = Stopwatch.StartNew();
        kit.Run("building a fresh loss plugin", fresh, ["build", "FreshLoss/FreshLoss.csproj", "--nologo"]);
        var pluginSeconds = build.Elapsed.TotalSeconds;
        build.Restart();
        kit.Run("building a fresh loss template (plugin and tests)", fresh, ["build", "--nologo"]);
        output.WriteLine($"fresh loss template, warm cache: dotnet build of the plugin project {pluginSeconds:F1} s; then of the whole template (plugin up to date, tests) {build.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void A_packed_plugin_installs_lists_and_removes_with_the_plugin_command()
    {
        kit.Run("dotnet new lossbench-loss", kit.Work, ["new", "lossbench-loss", "-n", "Packed"]);
        var project = Path.Combine(kit.Work, "Packed", "Packed");
        kit.Run("dotnet pack of a plugin", project, ["pack", "--nologo", "-o", Path.Combine(kit.Root, "plugin-packages")]);
        var package = Directory.GetFiles(Path.Combine(kit.Root, "plugin-packages"), "Packed.1.0.0.nupkg").Single();
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lossbench-plugin/Packed.dll", entries);
            Assert.Contains("lossbench-plugin/Packed.deps.json", entries);
            Assert.DoesNotContain(entries, e => e.EndsWith("LossBench.Sdk.dll", StringComparison.Ordinal) || e.EndsWith("LossBench.Torch.dll", StringComparison.Ordinal));
        }

        var install = kit.Tool(kit.Work, "plugin", "install", package).AssertSucceeded("lossbench plugin install");
        var folder = Path.Combine(kit.Home, ".lossbench", "plugins", "Packed");
        Assert.Contains($"installed Packed in {folder}", install.StandardOutput);
        Assert.True(File.Exists(Path.Combine(folder, "Packed.dll")));
        var list = kit.Tool(kit.Work, "list", "loss").AssertSucceeded("lossbench list loss");
        Assert.Contains("packed  [loss]", list.StandardOutput);
        Assert.Contains($"from {folder} (~/.lossbench/plugins), version 1.0.0", list.StandardOutput);
        Assert.Contains("packed  [loss]  version 1.0.0", kit.Tool(kit.Work, "plugin", "list").AssertSucceeded("lossbench plugin list").StandardOutput);

        var remove = kit.Tool(kit.Work, "plugin", "remove", "Packed").AssertSucceeded("lossbench plugin remove");
        Assert.Contains("removed Packed", remove.StandardOutput);
        Assert.False(Directory.Exists(folder));
        Assert.DoesNotContain("packed  [loss]", kit.Tool(kit.Work, "list", "loss").AssertSucceeded("lossbench list loss").StandardOutput);

        // A plugin the tool refuses fails LossBenchList, with the tool's reason in the build's output.
        var source = Path.Combine(project, "PackedLoss.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace("[Plugin(\"packed\"", "[Plugin(\"Packed_Loss\"", StringComparison.Ordinal));
        var refused = ProcessRun.Start(kit.Dotnet, ["build", "-t:LossBenchList", "--nologo"], project, kit.Environment(fullPath: false), AuthoringKit.StepTimeout);
        Assert.True(refused.ExitCode != 0, "LossBenchList succeeded for a plugin the tool refuses\n" + refused.Describe());
        Assert.Contains("the plugin name 'Packed_Loss' is not lower-case kebab-case", refused.StandardOutput);
        Assert.Contains("lossbench did not load the plugin in", refused.StandardOutput);
    }
}
