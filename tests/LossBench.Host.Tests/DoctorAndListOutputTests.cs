using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using LossBench.Host.Cli;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Host.Tests;

/// <summary>
/// What `doctor` and `list` print, checked against what libtorch and the plugins' own attributes say:
/// doctor shows at::show_config() and the device line; list shows every option's [Description].
/// </summary>
public sealed partial class DoctorAndListOutputTests
{
    private static (int Code, string Output) Run(CliEnvironment environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error, environment);
        return (code, output.ToString());
    }

    [Fact]
    public void DoctorPrintsLibtorchsBuildConfigurationAndACpuOnlyDeviceLine()
    {
        using var layout = new PluginLayout();
        var (code, output) = Run(new CliEnvironment(null, null, null), "doctor", "--plugins", layout.Root);

        Assert.Equal(0, code);
        // at::show_config() of a CPU build: its header, its OpenMP line and its build settings, which say USE_CUDA=OFF.
        Assert.Contains("build configuration:", output);
        Assert.Contains("PyTorch built with:", output);
        Assert.Matches(@"- OpenMP \d+", output);
        Assert.Contains("USE_CUDA=OFF", output);
        Assert.Contains("BLAS_INFO=", output);
        // Each configuration line of libtorch appears, indented, in the output.
        foreach (var line in torch.build_config.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Contains("    " + line.Trim(), output);
        // libtorch's version as its own build settings state it.
        var configured = TorchVersionSetting().Match(torch.build_config);
        Assert.True(configured.Success, torch.build_config);
        Assert.Contains($"libtorch {configured.Groups[1].Value},", output);
        // The capability libtorch reports in "CPU capability usage: X".
        var capability = CapabilityLine().Match(torch.build_config);
        Assert.True(capability.Success, torch.build_config);
        Assert.Contains($"CPU capability {capability.Groups[1].Value.Trim()}", output);
        // No CUDA in the build: the device line is cpu alone, and says why.
        var devices = output.Split('\n').Single(l => l.TrimStart().StartsWith("devices:", StringComparison.Ordinal)).Trim();
        Assert.StartsWith("devices: cpu", devices);
        Assert.DoesNotContain("cuda x", devices);
        Assert.Contains("no usable CUDA device", devices);
    }

    [Fact]
    public void ListShowsEveryOptionWithTheDescriptionFromItsAttribute()
    {
        var (code, output) = Run(new CliEnvironment(AppContext.BaseDirectory, "/nonexistent-lossbench-home", null), "list");
        Assert.True(code is 0 or 1, output); // the Broken fixture's failures are listed, not fatal to the listing

        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var checkedOptions = 0;
        foreach (var plugin in BuiltInCatalog.Catalog.Plugins.Where(p => p.OptionsType is not null))
        {
            var header = Array.FindIndex(lines, l => l.StartsWith($"  {plugin.Name}  [{PluginKinds.DisplayName(plugin.Kind)}]", StringComparison.Ordinal));
            Assert.True(header >= 0, $"{plugin.Name} is not listed\n{output}");
            var block = lines.Skip(header + 1).TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal)).ToArray();
            foreach (var property in plugin.OptionsType!.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var description = property.GetCustomAttributes(inherit: true)
                    .FirstOrDefault(a => a.GetType().FullName == typeof(DescriptionAttribute).FullName) is { } attribute
                    ? (string)attribute.GetType().GetProperty(nameof(DescriptionAttribute.Description))!.GetValue(attribute)!
                    : null;
                if (string.IsNullOrEmpty(description)) continue;
                var key = Kebab(property.Name);
                Assert.True(block.Any(l => l.StartsWith($"      {key}: ", StringComparison.Ordinal) && l.EndsWith("  " + description, StringComparison.Ordinal)),
                    $"{plugin.Name}.{key}: expected the description '{description}' in\n{string.Join('\n', block)}");
                checkedOptions++;
            }
        }
        // cross-entropy's label-smoothing and the fixture's weight at least.
        Assert.True(checkedOptions >= 2, $"only {checkedOptions} described option(s) were found");
        Assert.Contains("label smoothing eps: the target becomes (1 - eps) q + eps / classes", output);
    }

    /// <summary>LabelSmoothing -> label-smoothing, written here apart from the tool's own conversion.</summary>
    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : "-") + char.ToLowerInvariant(c) : c.ToString()));

    [GeneratedRegex(@"TORCH_VERSION=([0-9.]+)")]
    private static partial Regex TorchVersionSetting();

    [GeneratedRegex(@"CPU capability usage:([^\n]*)")]
    private static partial Regex CapabilityLine();
}
