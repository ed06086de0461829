using System.Diagnostics;
using System.Text.Json.Nodes;
using LossBench.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests;

/// <summary>
/// A plugin folder's .deps.json is read by the runtime's native resolver, which aborts the whole
/// process on a manifest it does not expect. Discovery checks the manifest first: a bad one is a
/// listed failure naming the file and what is wrong, and the process lives on.
/// </summary>
public sealed class PluginManifestTests
{
    private static PluginCatalog Discover(string directory)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        return PluginCatalog.Discover(new PluginSearchPath(null, null, null, [directory]), services);
    }

    /// <summary>A folder x/ holding x.dll (not an assembly at all) and x.deps.json with <paramref name="manifest"/>.</summary>
    private static string Folder(PluginLayout layout, string manifest, string name = "x")
    {
        var folder = Path.Combine(layout.Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "x.dll"), "not an assembly");
        File.WriteAllText(Path.Combine(folder, "x.deps.json"), manifest);
        return folder;
    }

    private const string Library = """{"type":"project","serviceable":false,"sha512":""}""";

    [Theory]
    // Each of these, handed to the native resolver, ends the process (std::logic_error or a segmentation fault).
    [InlineData("{}", "it has no \"runtimeTarget\"")]
    [InlineData("""{"targets":{}}""", "it has no \"runtimeTarget\"")]
    [InlineData("""{"runtimeTarget":{"name":5},"targets":{}}""", "\"runtimeTarget\" has no string \"name\"")]
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":5}""", "\"targets\" is a number, not an object")]
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":{"x":{"x/1.0.0":5}},"libraries":{}}""", "targets[\"x\"][\"x/1.0.0\"] is a number, not an object")]
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":{"x":{"x/1.0.0":{"runtime":{"x.dll":5}}}},"libraries":{}}""", "targets[\"x\"][\"x/1.0.0\"].runtime[\"x.dll\"] is a number, not an object")]
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":{"x":{"x/1.0.0":{"runtime":{"x.dll":{}}}}},"libraries":{"x/1.0.0":{"type":"project","serviceable":false}}}""", "libraries[\"x/1.0.0\"] has no \"sha512\"")]
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":{"x":{"x/1.0.0":{"runtime":{"x.dll":{}}}}},"libraries":{"x/1.0.0":{}}}""", "libraries[\"x/1.0.0\"] has no \"type\"")]
    // These the resolver survives by luck or reports itself; they are refused all the same, with a reason.
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":{}}""", "\"targets\" has no entry for its runtime target \"x\"")]
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":{"x":{}},"libraries":{}}""", "it does not describe x.dll")]
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":{"x":{"y/1.0.0":{"runtime":{"x.dll":{}}}}},"libraries":{}}""", "it does not describe x.dll")]
    [InlineData("""{"runtimeTarget":{"name":"x"},"targets":{"x":{"x/1.0.0":{"runtime":{"x.dll":{}}}}}}""", "it has no \"libraries\"")]
    [InlineData("""{"runtimeTarget":"x","runtimeTarget":"y"}""", "the file has \"runtimeTarget\" twice")]
    [InlineData("[]", "the file is a list, not an object")]
    [InlineData("not json", "it is not valid JSON")]
    [InlineData("", "it is not valid JSON")]
    public void AManifestTheResolverCannotReadIsAListedFailure(string manifest, string problem)
    {
        using var layout = new PluginLayout();
        var folder = Folder(layout, manifest);
        layout.Add("Fixture.Broken");
        // Checked alone first: were the check to let one of these through, discovery would end this test process, not fail one test.
        Assert.Contains(problem, DependencyManifest.Problem(Path.Combine(folder, "x.deps.json"), Path.Combine(folder, "x.dll")) ?? "(no problem found)");

        var catalog = Discover(layout.Root);

        var failure = Assert.Single(catalog.Failures, f => f.Folder == folder);
        Assert.Null(failure.TypeName);
        Assert.StartsWith("x.deps.json cannot be used: ", failure.Reason, StringComparison.Ordinal);
        Assert.Contains(problem, failure.Reason);
        Assert.EndsWith("; rebuild the plugin (`dotnet build` writes this file)", failure.Reason, StringComparison.Ordinal);
        Assert.Contains(catalog.Plugins, p => p.Name == "fixture-good"); // the other folder still loads
    }

    [Fact]
    public void AWellFormedManifestBesideABrokenAssemblyReachesTheLoaderAndFailsThere()
    {
        using var layout = new PluginLayout();
        var folder = Folder(layout, """{"runtimeTarget":{"name":"x"},"targets":{"x":{"x/1.0.0":{"runtime":{"x.dll":{}}}}},"libraries":{"x/1.0.0":""" + Library + "}}");

        var catalog = Discover(layout.Root);

        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(folder, failure.Folder);
        Assert.StartsWith("x.dll could not be loaded: BadImageFormatException", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ListSurvivesAnEmptyManifestAsItsOwnProcess()
    {
        using var layout = new PluginLayout();
        var folder = Folder(layout, "{}");

        var (code, output, error) = RunTool("list", "--plugins", folder);

        Assert.True(code == 0, $"exit code {code}\n{output}\n{error}");
        Assert.Contains($"{folder}: x.deps.json cannot be used: it has no \"runtimeTarget\"", output);
        Assert.DoesNotContain("terminate called", error);
    }

    /// <summary>
    /// Every manifest the check lets through must be one the native resolver survives. Each member of a
    /// real manifest is removed, or replaced by a value of each other JSON type, one at a time, and all
    /// these folders are listed by one process: an abort there fails this test.
    /// </summary>
    [Fact]
    public void TheResolverSurvivesEveryVariantOfARealManifestThatTheCheckLetsThrough()
    {
        using var layout = new PluginLayout();
        var source = layout.Add("Fixture.PrivateDependency", "source");
        var original = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "Fixture.PrivateDependency.deps.json")))!;
        Directory.Delete(source, recursive: true);
        var variants = Variants(original).ToArray();
        Assert.True(variants.Length > 100, $"only {variants.Length} variants");
        var accepted = 0;
        for (var i = 0; i < variants.Length; i++)
        {
            var folder = Path.Combine(layout.Root, $"variant-{i:D3}");
            Directory.CreateDirectory(folder);
            // Not an assembly: whatever the manifest, loading fails after the resolver has read it.
            File.WriteAllText(Path.Combine(folder, "Fixture.PrivateDependency.dll"), "not an assembly");
            File.WriteAllText(Path.Combine(folder, "Fixture.PrivateDependency.deps.json"), variants[i]);
            if (DependencyManifest.Problem(Path.Combine(folder, "Fixture.PrivateDependency.deps.json"), Path.Combine(folder, "Fixture.PrivateDependency.dll")) is null)
                accepted++;
        }
        Assert.True(accepted > 10, $"only {accepted} variants pass the check: the test would prove little");

        var (code, output, error) = RunTool("list", "--plugins", layout.Root);

        Assert.True(code == 0, $"exit code {code}\n{error}");
        Assert.Equal(variants.Length, output.Split('\n').Count(l => l.Contains("/variant-", StringComparison.Ordinal) && l.Contains("Fixture.PrivateDependency", StringComparison.Ordinal)));
    }

    private static IEnumerable<string> Variants(JsonNode original)
    {
        JsonNode?[] replacements = [JsonValue.Create(5), JsonValue.Create("s"), JsonValue.Create(true), new JsonArray(), new JsonObject(), null];
        foreach (var path in Paths(original, []))
        {
            yield return Mutate(original, path, parent => Remove(parent, path[^1]));
            foreach (var replacement in replacements)
                yield return Mutate(original, path, parent => Set(parent, path[^1], replacement?.DeepClone()));
        }
    }

    /// <summary>Every member and element, as the list of keys (string) and indices (int) that lead to it.</summary>
    private static IEnumerable<object[]> Paths(JsonNode? node, object[] prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    object[] path = [.. prefix, key];
                    yield return path;
                    foreach (var inner in Paths(value, path)) yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    yield return path;
                    foreach (var inner in Paths(a[i], path)) yield return inner;
                }
                break;
        }
    }

    private static string Mutate(JsonNode original, object[] path, Action<JsonNode> change)
    {
        var copy = original.DeepClone();
        var parent = copy;
        foreach (var step in path[..^1]) parent = step is string key ? parent[key]! : parent[(int)step]!;
        change(parent);
        return copy.ToJsonString();
    }

    private static void Remove(JsonNode parent, object step)
    {
        if (step is string key) parent.AsObject().Remove(key);
        else parent.AsArray().RemoveAt((int)step);
    }

    private static void Set(JsonNode parent, object step, JsonNode? value)
    {
        if (step is string key) parent[key] = value;
        else parent[(int)step] = value;
    }

    /// <summary>Runs `dotnet lossbench.dll ...` (the tool beside this test assembly) as its own process, away from the user's plugins.</summary>
    private static (int Code, string Output, string Error) RunTool(params string[] args)
    {
        var home = Path.Combine(Path.GetTempPath(), "lossbench-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lossbench.dll"));
            foreach (var arg in args) start.ArgumentList.Add(arg);
            start.Environment["HOME"] = home;
            start.Environment.Remove(PluginSearchPath.EnvironmentVariable);
            start.Environment["CI"] = "true";
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
