using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LossBench.Tool.Tests;

/// <summary>
/// examples/ as an outside author has them: each copied out of the repository (so nothing of it can
/// be reached), built against the packages of the build under test from the local feed alone, then
/// listed and run in the installed tool. BetaSmoothing carries MathNet.Numerics 4.15, another version
/// than the tool's 5.0: its own copy must travel in its folder and load without a warning.
/// </summary>
[Collection(AuthoringCollection.Name)]
public sealed class ExamplesTests(AuthoringKit kit)
{
    [Fact]
    public void Examples_ask_for_the_plugin_sdk_of_this_version()
    {
        foreach (var project in Directory.GetFiles(Path.Combine(kit.RepoRoot, "examples"), "*.csproj", SearchOption.AllDirectories))
            Assert.Contains($"Sdk=\"LossBench.Plugin.Sdk/{kit.Version}\"", File.ReadAllText(project));
    }

    [Fact]
    public void Examples_build_from_the_feed_list_and_run_with_a_private_dependency_of_their_own_version()
    {
        var brier = Build("BrierLoss", "LossBench.Examples.BrierLoss");
        var beta = Build("BetaSmoothing", "LossBench.Examples.BetaSmoothing");
        var mathNet = Path.Combine(beta, "MathNet.Numerics.dll");
        Assert.True(File.Exists(mathNet), "BetaSmoothing's folder lacks its own MathNet.Numerics.dll");
        Assert.Equal(4, FileVersionInfo.GetVersionInfo(mathNet).FileMajorPart);

        var list = kit.Tool(kit.Work, "list", "loss", "--plugins", brier, "--plugins", beta).AssertSucceeded("lossbench list loss");
        Assert.Matches(@"(?<![\w-])brier\s+\[loss\]", list.StandardOutput);
        Assert.Matches(@"(?<![\w-])beta-smoothing\s+\[loss\]", list.StandardOutput);
        Assert.Contains(brier, list.StandardOutput);
        Assert.DoesNotContain("failures (", list.StandardOutput);
        Assert.DoesNotContain("warnings (", list.StandardOutput);

        var results = Path.Combine(kit.Root, "examples-results");
        var run = kit.Tool(kit.Work, "run", Path.Combine(kit.RepoRoot, "examples", "quick.yaml"), "--plugins", brier, "--plugins", beta, "--out", results)
            .AssertSucceeded("lossbench run examples/quick.yaml");
        Assert.Contains("3 cell(s): 3 ok", run.StandardOutput);
    }

    /// <summary>Copies examples/<paramref name="name"/> into the author's work folder and builds it into a plugin folder, which is returned.</summary>
    private string Build(string name, string assembly)
    {
        var source = Path.Combine(kit.RepoRoot, "examples", name);
        var copy = Path.Combine(kit.Work, "examples", name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                     .Where(f => !Regex.IsMatch(Path.GetRelativePath(source, f), @"^(bin|obj)[/\\]")))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        var output = Path.Combine(kit.Root, "out", name);
        kit.Run("building examples/" + name, copy, ["build", "-c", "Release", "-o", output, "--nologo"]);
        Assert.True(File.Exists(Path.Combine(output, assembly + ".dll")), $"{assembly}.dll was not built into {output}");
        var shipped = new[] { "LossBench.Sdk.dll", "LossBench.Torch.dll", "liblossbench_torch.so" }
            .Where(f => Directory.EnumerateFiles(output, f, SearchOption.AllDirectories).Any()).ToArray();
        Assert.True(shipped.Length == 0, $"examples/{name}'s folder carries what the tool provides: {string.Join(", ", shipped)}");
        return output;
    }
}
